using Microsoft.ML;
using PoseML.MLNet;

namespace PoseML.Tests.MLNet;

[TestClass]
public sealed class PoseRunTests
{
    private sealed class Collect : IProgress<PipelineProgress>
    {
        public List<PipelineProgress> Reports { get; } = [];

        public void Report(PipelineProgress value) => Reports.Add(value);
    }

    [TestMethod]
    public void CatalogsReachTheContextsProgressCancellationAndSeed()
    {
        var progress = new Collect();
        using var cts = new CancellationTokenSource();
        var ml = new MLContext(seed: 5).SetPoseProgress(progress).SetPoseCancellation(cts.Token);
        var run = PoseRun.For(ml.Transforms, "Test");
        run.Report(1, 2, "half");
        Assert.AreEqual(new PipelineProgress("Test", 1, 2, "half"), progress.Reports.Single());
        run.ThrowIfCancellationRequested();
        cts.Cancel();
        Assert.ThrowsExactly<OperationCanceledException>(run.ThrowIfCancellationRequested);
        var seeds = PoseRun.For(new MLContext(seed: 5).Regression, "Test").NextSeed();
        Assert.AreEqual(seeds, PoseRun.For(new MLContext(seed: 5).Regression, "Test").NextSeed(), "a seeded context gives the same seeds");
    }

    [TestMethod]
    public void SchemaShapesBuildColumnsOnThePinnedMicrosoftMLVersion()
    {
        var column = SchemaShapes.Column("Pose3D", PoseColumnTypes.Pose3D(17));
        Assert.AreEqual("Pose3D", column.Name);
        Assert.AreEqual(SchemaShape.Column.VectorKind.Vector, column.Kind);
    }
}
