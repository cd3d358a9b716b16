using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Pipeline.Evaluation;
using PoseML.Stages.Consensus;
using PoseML.Stages.DeepPoseConsensus;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.JointGrouping;
using PoseML.Stages.PoseConsensus;
using PoseML.Tests.Pipeline;
using PoseML.Tests.Stages.DeepPoseConsensus;

namespace PoseML.Tests.MLNet;

/// <summary>Training behaviour of the ML.NET group lifters and DPCN: aggregation-loss warm-up, thread-count
/// independence, early stopping, option errors, learning something, and missing keypoints.</summary>
[TestClass]
public sealed class LifterTrainingMLNetTests
{
    private static readonly JointGroups Groups = JointGroupSampler.Uniform(17, new JointGroupSamplingOptions { GroupSize = 5, MinCoverage = 2, Seed = 1 });

    [TestMethod]
    public void AggregationWarmup_AddsLAggreOnlyAfterItsEpochs()
    {
        var data = LiftingTestData.Small;
        var model = new MLContext(1).Transforms.GroupLifters(Groups, LiftingTestData.TinyLifter with { Epochs = 3, UseAggregationLoss = true, AggregationWarmupEpochs = 2, Patience = 0, Seed = 1 }).Fit(data);
        CollectionAssert.AreEqual(new[] { true, true, false }, model.History.Select(h => h.AggregationLoss == 0).ToArray());
        var off = new MLContext(1).Transforms.GroupLifters(Groups, LiftingTestData.TinyLifter with { Epochs = 3, UseAggregationLoss = false, Patience = 0, Seed = 1 }).Fit(data);
        Assert.IsTrue(off.History.All(h => h.AggregationLoss == 0));
        Assert.AreEqual(off.History[1].LiftingLoss, model.History[1].LiftingLoss, "identical until L_aggre starts");
    }

    [TestMethod]
    public void RobustConsensusReading_TrainsWithAPositiveFiniteLAggre()
    {
        var options = LiftingTestData.TinyLifter with { Epochs = 2, UseAggregationLoss = true, AggregationReading = AggregationReading.RobustConsensus, Patience = 0, Seed = 1 };
        var model = new MLContext(1).Transforms.GroupLifters(Groups, options).Fit(LiftingTestData.Small);
        Assert.IsTrue(model.History.All(h => h.AggregationLoss > 0 && double.IsFinite(h.AggregationLoss) && double.IsFinite(h.LiftingLoss)));
        var lsq = new MLContext(1).Transforms.GroupLifters(Groups, options with { AggregationReading = AggregationReading.ThroughConsensus }).Fit(LiftingTestData.Small);
        Assert.AreNotEqual(lsq.History[0].AggregationLoss, model.History[0].AggregationLoss, "a different consensus, a different loss");
    }

    [TestMethod]
    public void ThreadCount_DoesNotChangeTheBits()
    {
        var data = LiftingTestData.Small;
        // batch × width² × groups above the GEMM's parallel threshold
        float[] Run(int threads) => FreshProcess.Floats(new MLContext(1).Transforms.GroupLifters(Groups, LiftingTestData.TinyLifter with { Seed = 4, MaxThreads = threads, Width = 64, BatchSize = 64 })
            .Fit(data).Transform(data), GroupLifterDefaults.OutputColumnName);
        LiftingAssert.Bitwise(Run(1), Run(2), "1 vs 2 threads");
    }

    [TestMethod]
    public void EarlyStopping_KeepsTheBestEpochsWeights()
    {
        var data = LiftingTestData.Small;
        var train = data.FilterByText(PoseColumns.Subject, s => s != "S3").Cache();
        var valid = data.FilterByText(PoseColumns.Subject, s => s == "S3").Cache();
        // A large learning rate makes the validation error jump around, so the best epoch is usually not the last.
        var options = LiftingTestData.TinyLifter with { Epochs = 8, Patience = 3, LearningRate = 3e-2, LearningRateDecay = 1, Seed = 2 };
        var ml = new MLContext(1);
        var model = ml.Transforms.GroupLifters(Groups, options).Fit(train, valid);
        var best = model.History.MinBy(h => h.ValidationMpjpe)!;
        Assert.AreEqual(best.Epoch, model.BestEpoch);
        Assert.IsLessThanOrEqualTo(model.BestEpoch + options.Patience, model.History.Count, "training stops after Patience epochs without improvement");
        // Independent check: the returned model, fused by the least-squares consensus stage and scored by EvaluatePoses.
        var groupPoses = model.Transform(valid);
        var fused = ml.Transforms.PoseConsensus(Groups, ConsensusSolverKind.LeastSquares).Fit(groupPoses).Transform(groupPoses);
        var mpjpe = ml.Regression.EvaluatePoses(fused).Mpjpe;
        // Tolerance: the trainer averages per chunk of 512 frames, the evaluation per batch; float32 poses.
        const double MetricTolerance = 1e-3;
        Assert.AreEqual(best.ValidationMpjpe, mpjpe, MetricTolerance);
    }

    [TestMethod]
    public void Options_OutOfRange_AreClearErrors()
    {
        var ml = new MLContext(1);
        var e = Assert.ThrowsExactly<InvalidOptionException>(() => ml.Transforms.GroupLifters(Groups, new GroupLifterOptions { BatchSize = 1 }));
        Assert.AreEqual(nameof(GroupLifterOptions.BatchSize), e.Option);
        Assert.ThrowsExactly<InvalidOptionException>(() => ml.Transforms.GroupLifters(Groups, new GroupLifterOptions { Dropout = 1 }));
    }

    [TestMethod]
    public void DeepPoseConsensus_LowersHeldOutMpjpeWellBelowTheMeanPose()
    {
        var data = SyntheticPoses.Create(subjects: 4, framesPerSubject: 60);
        var train = data.FilterByText(PoseColumns.Subject, s => s != "S4").Cache();
        var test = data.FilterByText(PoseColumns.Subject, s => s == "S4").Cache();
        var ml = new MLContext(3);
        var options = LiftingTestData.TinyDpcn with
        {
            Lifter = LiftingTestData.TinyLifter with { Width = 48, Epochs = 12, LearningRate = 3e-3, Patience = 0 },
        };
        var model = ml.Transforms.DeepPoseConsensus(options).Fit(train);
        var mpjpe = ml.Regression.EvaluatePoses(model.Transform(test)).Mpjpe;
        var baseline = SyntheticPoses.MeanPoseMpjpe(train, test);
        Console.WriteLine($"DPCN {mpjpe:0.0} mm, mean pose {baseline:0.0} mm");
        Assert.IsLessThan(0.5 * baseline, mpjpe, $"DPCN {mpjpe:0.0} mm vs mean pose {baseline:0.0} mm");
    }

    [TestMethod]
    public void DeepPoseConsensus_NanKeypoint_LeavesOnlyJointsNoCleanGroupPlaces()
    {
        var data = LiftingTestData.Small;
        var model = new MLContext(1).Transforms.DeepPoseConsensus(LiftingTestData.TinyDpcn with { Lifter = LiftingTestData.TinyLifter with { Seed = 1 } }).Fit(data);
        var k = data.Column(PoseColumns.Keypoints2D).Floats.ToArray();
        k[2 * 3] = float.NaN; // row 0, joint 3
        var cols = data.Columns().Select(c => c.Name == PoseColumns.Keypoints2D ? ColumnBuffer.Of(k) : data.Column(c.Name)).ToArray();
        var scored = model.Transform(new InMemoryDataView(data.Columns(), data.Rows, cols)).Cache();
        var missing = scored.ReadInts(PoseConsensusDefaults.MissingColumnName);
        var poses = scored.ReadFloats(PoseColumns.PredictedPose3D);
        Assert.AreEqual(1, missing[3], "every group that sees joint 3 sees its NaN keypoint");
        for (var i = 0; i < 51; i++) Assert.AreEqual(missing[i / 3] == 1, float.IsNaN(poses[i]), $"element {i}: NaN exactly where flagged");
    }

    [TestMethod]
    public void Presets_AreThePapersSettings()
    {
        Assert.AreEqual(PoseML.Stages.JointGroupSelection.JointGroupStrategy.Weighted, DeepPoseConsensusOptions.Dpcn.Groups.Strategy);
        Assert.AreEqual(10, DeepPoseConsensusOptions.Dpcn.Groups.GroupSize);
        Assert.IsFalse(DeepPoseConsensusOptions.Dpcn.Lifter.UseAggregationLoss, "L_lifting only: the measured best (docs/results.md)");
        Assert.IsTrue(DeepPoseConsensusOptions.DpcnPaperLoss.Lifter.UseAggregationLoss, "the paper's literal loss stays available");
        Assert.AreEqual(AggregationReading.ThroughConsensus, DeepPoseConsensusOptions.DpcnPaperLoss.Lifter.AggregationReading);
        Assert.AreEqual(1.0, DeepPoseConsensusOptions.DpcnPaperLoss.Lifter.AggregationWeight);
        Assert.AreEqual(DeepPoseConsensusOptions.Dpcn with { Lifter = DeepPoseConsensusOptions.Dpcn.Lifter with { UseAggregationLoss = true } }, DeepPoseConsensusOptions.DpcnPaperLoss,
            "the two presets differ only in the loss");
        Assert.AreEqual(PoseML.Nn.Networks.LifterActivation.ReLU, DeepPoseConsensusOptions.Martinez.Lifter.Activation);
        Assert.AreEqual(PoseML.Stages.JointGroupSelection.JointGroupStrategy.AllJoints, DeepPoseConsensusOptions.Martinez.Groups.Strategy);
        Assert.AreEqual(PoseML.Nn.Networks.LifterActivation.LeakyReLU, DeepPoseConsensusOptions.SingleGroupLeakyReLU.Lifter.Activation);
    }
}
