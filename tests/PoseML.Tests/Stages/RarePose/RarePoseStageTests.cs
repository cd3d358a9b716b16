using PoseML.Data;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Stages.RarePose;
using PoseML.Tests.Pipeline;

namespace PoseML.Tests.Stages.RarePose;

[TestClass]
public sealed class RarePoseStageTests
{
    [TestMethod]
    [DataRow(OccurrenceMode.Fast)]
    [DataRow(OccurrenceMode.Exact)]
    public void RarePose_PassesStageContract(OccurrenceMode mode)
    {
        var data = SyntheticPoses.Create(subjects: 3, framesPerSubject: 20);
        StageContract.Run(ctx => ctx.Transforms.ScoreOccurrence(mode: mode), data,
            StageContract.MissingColumn(data, PoseColumns.Pose3D),
            StageContract.WrongType(data, PoseColumns.Pose3D, ColumnType.Float(16, 3), atEstimator: false),
            StageContract.WrongType(data, PoseColumns.Pose3D, ColumnType.Float(17, 2)),
            StageContract.WrongType(data, PoseColumns.Pose3D, ColumnType.Int(17, 3)),
            StageContract.NonFinite(data, PoseColumns.Pose3D, row: 5));
    }

    [TestMethod]
    public void RarePose_StageAddsTheScorersOccurrence_AndSavedModelKeepsTheBound()
    {
        var data = SyntheticPoses.Create(subjects: 2, framesPerSubject: 30);
        var ctx = new PoseContext(seed: 1);
        var model = ctx.Transforms.ScoreOccurrence("Rarity").Fit(data);
        var scored = model.Transform(data);
        var poses = data.ReadFloats(PoseColumns.Pose3D);
        CollectionAssert.AreEqual(OccurrenceScorer.Fit(poses, 17).Score(poses), scored.ReadFloats("Rarity"));
        var stream = new MemoryStream();
        ctx.Model.Save(model, data.Columns(), stream);
        stream.Position = 0;
        var loaded = (RarePoseTransformer)ctx.Model.Load(stream, out _);
        Assert.AreEqual(model.Scorer.ErrorBound, loaded.Scorer.ErrorBound);
        CollectionAssert.AreEqual(model.Scorer.Sigma.ToArray(), loaded.Scorer.Sigma.ToArray());
    }

    [TestMethod]
    public void RarePose_SigmaCountMustMatchJointsBeforeReading()
    {
        var data = SyntheticPoses.Create(subjects: 1, framesPerSubject: 5);
        var estimator = new PoseContext(1).Transforms.ScoreOccurrence(new RarePoseOptions { Sigma = [1f, 2f, 3f] });
        var e = Assert.ThrowsExactly<PoseML.Core.SchemaMismatchException>(() => estimator.Fit(new UnreadableDataView(data)));
        Assert.AreEqual(PoseColumns.Pose3D, e.Column);
    }
}
