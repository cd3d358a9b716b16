using PoseML.MLNet;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Stages.Normalization;
using PoseML.Stages.Regression;
using PoseML.Tests.Stages;

namespace PoseML.Tests.Pipeline;

[TestClass]
public sealed class ChainTests
{
    [TestMethod]
    public void Append_BuildsAnEstimatorChainWhoseLastTransformerIsTyped()
    {
        var ctx = new PoseContext(1);
        var data = SyntheticPoses.Create(2, 10);
        EstimatorChain<LinearLifterTransformer> pipeline = ctx.Transforms.NormalizeMeanVariance().Append(ctx.Lifting.LinearLifter());
        Assert.AreEqual(2, pipeline.Estimators.Count);
        var model = pipeline.Fit(data);
        Assert.IsInstanceOfType<NormalizeMeanVarianceTransformer>(model.Transformers[0]);
        Assert.AreEqual(data.Rows, model.LastTransformer.ExampleCount);
        Assert.IsTrue(model.IsRowToRowMapper);
    }

    [TestMethod]
    public void GetOutputSchema_FoldsThroughEveryStage()
    {
        var ctx = new PoseContext(1);
        var data = SyntheticPoses.Create(2, 10);
        var pipeline = ctx.Transforms.NormalizeMeanVariance().Append(ctx.Lifting.LinearLifter());
        var schema = pipeline.GetOutputSchema(data.Columns());
        Assert.AreEqual(ColumnType.Float(17, 3), schema[PoseColumns.PredictedPose3D].Type);
        Assert.AreEqual(data.Schema.Count + 1, schema.Count);
    }

    [TestMethod]
    public void Fit_ChecksTheWholeChainBeforeReadingAnyRow()
    {
        // The second stage's label is missing: the chain must fail before the first stage reads data.
        var ctx = new PoseContext(1);
        var data = SyntheticPoses.Create(2, 10).SelectColumns(PoseColumns.Subject, PoseColumns.Keypoints2D);
        var pipeline = ctx.Transforms.NormalizeMeanVariance().Append(ctx.Lifting.LinearLifter());
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => pipeline.Fit(new UnreadableDataView(data)));
        Assert.AreEqual(PoseColumns.Pose3D, e.Column);
        StringAssert.Contains(e.Message, "not found");
    }

    [TestMethod]
    public void Transform_IsLazyUntilTheResultIsRead()
    {
        var ctx = new PoseContext(1);
        var data = SyntheticPoses.Create(2, 10);
        var model = ctx.Transforms.NormalizeMeanVariance().Append(ctx.Lifting.LinearLifter()).Fit(data);
        var view = model.Transform(new UnreadableDataView(data));
        Assert.IsTrue(view.Columns().TryGetColumn(PoseColumns.PredictedPose3D, out _));
        Assert.ThrowsExactly<AssertFailedException>(() => view.GetBatches().First());
    }

    [TestMethod]
    public void Fit_ReportsProgressPerStageAndHonoursCancellation()
    {
        var ctx = new PoseContext(1);
        var reports = new List<PipelineProgress>();
        ctx.Progress = new SyncProgress(reports.Add);
        var data = SyntheticPoses.Create(2, 10);
        var pipeline = ctx.Transforms.NormalizeMeanVariance().Append(ctx.Lifting.LinearLifter());
        pipeline.Fit(data);
        CollectionAssert.AreEqual(new[] { "fitting NormalizeMeanVariance", "fitting LinearLifter", "fitted" },
            reports.Where(r => r.Stage == "Pipeline").Select(r => r.Message).ToArray());
        Assert.IsTrue(reports.Any(r => r.Stage == "LinearLifter" && r.Step == data.Rows));

        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        ctx.CancellationToken = cancel.Token;
        Assert.ThrowsExactly<OperationCanceledException>(() => pipeline.Fit(data));
    }

    [TestMethod]
    public void EstimatorChain_PassesTheStageContractLikeAnyStage()
    {
        var data = SyntheticPoses.Create(3, 10);
        StageContract.Run(ctx => ctx.Transforms.NormalizeMeanVariance().Append(ctx.Lifting.LinearLifter()), data,
            StageContract.MissingColumn(data, PoseColumns.Keypoints2D),
            StageContract.WrongType(data, PoseColumns.Keypoints2D, ColumnType.Float(16, 2), atEstimator: false),
            StageContract.NonFinite(data, PoseColumns.Keypoints2D));
    }

    [TestMethod]
    public void AppendCacheCheckpoint_GivesTheSameModel()
    {
        var ctx = new PoseContext(1);
        var data = SyntheticPoses.Create(2, 10);
        var plain = ctx.Transforms.NormalizeMeanVariance().Append(ctx.Lifting.LinearLifter()).Fit(data);
        var cached = ctx.Transforms.NormalizeMeanVariance().Append(ctx.Lifting.LinearLifter()).AppendCacheCheckpoint().Fit(data);
        CollectionAssert.AreEqual(plain.LastTransformer.Weights.ToArray(), cached.LastTransformer.Weights.ToArray());
    }

    [TestMethod]
    public void Catalogs_ExposeTheirContextAndSeed()
    {
        var ctx = new PoseContext(42);
        Assert.AreSame(ctx, ctx.Lifting.Context);
        Assert.AreSame(ctx, ctx.Transforms.Context);
        Assert.AreEqual(42, ctx.Consensus.Seed);
        Assert.AreEqual(new PoseContext(42).NextSeed(), new PoseContext(42).NextSeed());
    }
}

/// <summary>An <see cref="IProgress{T}"/> that calls back synchronously (unlike <see cref="Progress{T}"/>).</summary>
internal sealed class SyncProgress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
{
    public void Report(PipelineProgress value) => report(value);
}
