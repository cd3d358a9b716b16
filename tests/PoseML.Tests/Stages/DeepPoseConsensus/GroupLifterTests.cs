using PoseML.MLNet;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.JointGrouping;

namespace PoseML.Tests.Stages.DeepPoseConsensus;

[TestClass]
public sealed class GroupLifterTests
{
    private static readonly JointGroups Groups = JointGroupSampler.Uniform(17, new JointGroupSamplingOptions { GroupSize = 5, MinCoverage = 2, Seed = 1 });

    [TestMethod]
    public void GroupLifters_PassStageContract()
    {
        var data = LiftingTestData.Small;
        StageContract.Run(ctx => ctx.Lifting.GroupLifters(Groups, LiftingTestData.TinyLifter), data,
            StageContract.MissingColumn(data, PoseColumns.Keypoints2D),
            StageContract.MissingColumn(data, PoseColumns.Pose3D, alsoAtTransform: false),
            StageContract.WrongType(data, PoseColumns.Keypoints2D, ColumnType.Float(16, 2)),
            StageContract.WrongType(data, PoseColumns.Pose3D, ColumnType.Float(17, 2), alsoAtTransform: false),
            StageContract.NonFinite(data, PoseColumns.Keypoints2D, row: 3),
            StageContract.NonFinite(data, PoseColumns.Pose3D, row: 7));
    }

    [TestMethod]
    public void Output_IsTheStackedGroupRows_InMillimetres()
    {
        var model = new PoseContext(1).Lifting.GroupLifters(Groups, LiftingTestData.TinyLifter).Fit(LiftingTestData.Small);
        var scored = model.Transform(LiftingTestData.Small).Cache();
        Assert.AreEqual(ColumnType.Float(Groups.RowCount, 3), scored.Columns()[Defaults.OutputColumnName].Type);
        // Each group's estimate is centred on training targets whose mean is 0: its mean stays far below the pose scale.
        var f = scored.Column(Defaults.OutputColumnName).Floats.Span;
        Assert.IsTrue(f.ToArray().All(float.IsFinite));
    }

    [TestMethod]
    public void DifferentSeeds_GiveDifferentWeights_SameSeedTheSame()
    {
        var data = LiftingTestData.Small;
        float[] Run(int seed) => new PoseContext(1).Lifting.GroupLifters(Groups, LiftingTestData.TinyLifter with { Seed = seed })
            .Fit(data).Transform(data).ReadFloats(Defaults.OutputColumnName);
        CollectionAssert.AreEqual(Run(4), Run(4));
        CollectionAssert.AreNotEqual(Run(4), Run(5));
    }

    [TestMethod]
    public void AggregationWarmup_AddsLAggreOnlyAfterItsEpochs()
    {
        var model = new PoseContext(1).Lifting.GroupLifters(Groups, LiftingTestData.TinyLifter with { Epochs = 3, AggregationWarmupEpochs = 2, Patience = 0 })
            .Fit(LiftingTestData.Small);
        CollectionAssert.AreEqual(new[] { true, true, false }, model.History.Select(h => h.AggregationLoss == 0).ToArray());
        var off = new PoseContext(1).Lifting.GroupLifters(Groups, LiftingTestData.TinyLifter with { Epochs = 3, UseAggregationLoss = false, Patience = 0 })
            .Fit(LiftingTestData.Small);
        Assert.IsTrue(off.History.All(h => h.AggregationLoss == 0));
        Assert.AreEqual(off.History[1].LiftingLoss, model.History[1].LiftingLoss, "identical until L_aggre starts");
    }

    [TestMethod]
    public void ThreadCount_DoesNotChangeTheBits()
    {
        var data = LiftingTestData.Small;
        float[] Run(int threads) => new PoseContext(1).Lifting.GroupLifters(Groups, LiftingTestData.TinyLifter with { Seed = 4, MaxThreads = threads, Width = 64, BatchSize = 64 }) // batch × width² × groups above the GEMM's parallel threshold
            .Fit(data).Transform(data).ReadFloats(Defaults.OutputColumnName);
        CollectionAssert.AreEqual(Run(1), Run(2));
    }

    [TestMethod]
    public void EarlyStopping_KeepsTheBestEpochsWeights()
    {
        var data = LiftingTestData.Small;
        var train = data.FilterByText(PoseColumns.Subject, s => s != "S3").Cache();
        var valid = data.FilterByText(PoseColumns.Subject, s => s == "S3").Cache();
        // A large learning rate makes the validation error jump around, so the best epoch is usually not the last.
        var options = LiftingTestData.TinyLifter with { Epochs = 8, Patience = 3, LearningRate = 3e-2, LearningRateDecay = 1, Seed = 2 };
        var model = new PoseContext(1).Lifting.GroupLifters(Groups, options).Fit(train, valid);
        var best = model.History.MinBy(h => h.ValidationMpjpe)!;
        Assert.AreEqual(best.Epoch, model.BestEpoch);
        Assert.IsTrue(model.History.Count <= model.BestEpoch + options.Patience, "training stops after Patience epochs without improvement");
        // Independent check: the returned model, fused by the least-squares consensus stage and scored by the evaluation catalog.
        var ctx = new PoseContext(1);
        var fused = ctx.Consensus.PoseConsensus(Groups, PoseML.Stages.Consensus.ConsensusSolverKind.LeastSquares).Fit(model.Transform(valid)).Transform(model.Transform(valid));
        var mpjpe = ctx.Evaluation.Mpjpe(fused);
        // Tolerance: the trainer averages per chunk of 512 frames, the catalog per batch; float32 poses.
        const double MetricTolerance = 1e-3;
        Assert.AreEqual(best.ValidationMpjpe, mpjpe, MetricTolerance);
    }

    [TestMethod]
    public void Fit_ReportsEachEpoch_AndStopsWhenCancelled()
    {
        var ctx = new PoseContext(1);
        using var cts = new CancellationTokenSource();
        var reports = new List<PipelineProgress>();
        ctx.Progress = new SyncProgress(p =>
        {
            reports.Add(p);
            if (p.Stage == "GroupLifters" && p.Step == 2) cts.Cancel();
        });
        ctx.CancellationToken = cts.Token;
        Assert.ThrowsExactly<OperationCanceledException>(() =>
            ctx.Lifting.GroupLifters(Groups, LiftingTestData.TinyLifter with { Epochs = 5, Patience = 0 }).Fit(LiftingTestData.Small));
        var epochs = reports.Where(p => p.Stage == "GroupLifters").ToArray();
        Assert.AreEqual(2, epochs.Length);
        StringAssert.Contains(epochs[0].Message, "validation MPJPE");
        Assert.AreEqual(5, epochs[0].Total);
    }

    [TestMethod]
    public void Options_OutOfRange_AreClearErrors()
    {
        var e = Assert.ThrowsExactly<InvalidOptionException>(() => new PoseContext(1).Lifting.GroupLifters(Groups, new GroupLifterOptions { BatchSize = 1 }));
        Assert.AreEqual(nameof(GroupLifterOptions.BatchSize), e.Option);
        Assert.ThrowsExactly<InvalidOptionException>(() => new PoseContext(1).Lifting.GroupLifters(Groups, new GroupLifterOptions { Dropout = 1 }));
    }

    [TestMethod]
    public void AggregationSwitch_ChangesTheGradient_WhichMatchesFiniteDifferences()
    {
        var random = new Random(4);
        const int batch = 2;
        var n = batch * Groups.RowCount * 3;
        var f = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5) * 0.4f).ToArray();
        var t = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5) * 0.4f).ToArray();
        var off = new float[n];
        var on = new float[n];
        new GroupLiftingLoss(Groups, useAggregation: false).Compute(f, t, off);
        var loss = new GroupLiftingLoss(Groups, useAggregation: true, aggregationWeight: 0.7);
        loss.Compute(f, t, on);
        for (var i = 0; i < n; i++) Assert.AreEqual(2.0 * (f[i] - t[i]) / batch, off[i], 1e-6, "without L_aggre the gradient is 2(F − T)/B");
        Assert.IsTrue(Enumerable.Range(0, n).Max(i => Math.Abs(on[i] - off[i])) > 1e-3, "L_aggre must change the gradient");
        // Central differences of the total (L_lifting + 0.7·L_aggre) in double around float inputs.
        const float h = 1e-3f;
        const double GradientTolerance = 2e-3; // float32 losses of ~1 m² differenced over 2e-3
        var scratch = new float[n];
        foreach (var i in new[] { 0, 7, n / 2, n - 1 })
        {
            var saved = f[i];
            f[i] = saved + h;
            var (l1, a1) = loss.Compute(f, t, scratch);
            f[i] = saved - h;
            var (l2, a2) = loss.Compute(f, t, scratch);
            f[i] = saved;
            var numeric = ((l1 + 0.7 * a1) - (l2 + 0.7 * a2)) / (2 * h);
            Assert.AreEqual(numeric, on[i], GradientTolerance, $"element {i}");
        }
    }

    private sealed class SyncProgress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => report(value);
    }
}
