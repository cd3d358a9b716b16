using PoseML.Data;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Pipeline.Persistence;
using PoseML.Stages.DeepPoseConsensus;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.PoseConsensus;
using PoseML.Tests.Pipeline;

namespace PoseML.Tests.Stages.DeepPoseConsensus;

[TestClass]
public sealed class DeepPoseConsensusTests
{
    [TestMethod]
    public void DeepPoseConsensus_PassesStageContract()
    {
        var data = LiftingTestData.Small;
        StageContract.Run(ctx => ctx.Lifting.DeepPoseConsensus(LiftingTestData.TinyDpcn), data,
            StageContract.MissingColumn(data, PoseColumns.Keypoints2D),
            StageContract.MissingColumn(data, PoseColumns.Pose3D, alsoAtTransform: false),
            StageContract.WrongType(data, PoseColumns.Keypoints2D, ColumnType.Text),
            StageContract.NonFinite(data, PoseColumns.Keypoints2D, row: 3),
            StageContract.NonFinite(data, PoseColumns.Pose3D, row: 7));
    }

    [TestMethod]
    public void Martinez_PassesStageContract()
    {
        var data = LiftingTestData.Small;
        StageContract.Run(ctx => ctx.Lifting.DeepPoseConsensus(LiftingTestData.TinyMartinez), data,
            StageContract.MissingColumn(data, PoseColumns.Keypoints2D),
            StageContract.WrongType(data, PoseColumns.Keypoints2D, ColumnType.Float(16, 2)));
    }

    [TestMethod]
    public void Training_LowersHeldOutMpjpeWellBelowTheMeanPose()
    {
        var data = SyntheticPoses.Create(subjects: 4, framesPerSubject: 60);
        var train = data.FilterByText(PoseColumns.Subject, s => s != "S4").Cache();
        var test = data.FilterByText(PoseColumns.Subject, s => s == "S4").Cache();
        var ctx = new PoseContext(3);
        var options = LiftingTestData.TinyDpcn with
        {
            Lifter = LiftingTestData.TinyLifter with { Width = 48, Epochs = 12, LearningRate = 3e-3, Patience = 0 },
        };
        var model = ctx.Lifting.DeepPoseConsensus(options).Fit(train);
        var mpjpe = ctx.Evaluation.Mpjpe(model.Transform(test));
        var baseline = SyntheticPoses.MeanPoseMpjpe(train, test);
        Console.WriteLine($"DPCN {mpjpe:0.0} mm, mean pose {baseline:0.0} mm");
        Assert.IsTrue(mpjpe < 0.5 * baseline, $"DPCN {mpjpe:0.0} mm vs mean pose {baseline:0.0} mm");
    }

    [TestMethod]
    public void FittedChain_HasTheThreeStages_AndSavesAsOneModel()
    {
        var data = LiftingTestData.Small;
        var model = new PoseContext(1).Lifting.DeepPoseConsensus(LiftingTestData.TinyDpcn).Fit(data);
        Assert.AreEqual(3, model.Transformers.Count);
        var lifters = (GroupLifterTransformer)model.Transformers[1];
        Assert.AreEqual(lifters.Groups, model.LastTransformer.Groups, "the consensus fuses the lifters' groups");
        Assert.AreEqual(lifters.Options.Epochs, lifters.History.Count);
        var path = Path.Combine(Path.GetTempPath(), $"dpcn-{Guid.NewGuid():N}.zip");
        try
        {
            var ctx = new PoseContext(1);
            ctx.Model.Save(model, data.Columns(), path);
            var loaded = ctx.Model.Load(path, out _);
            var a = model.Transform(data).ReadFloats(PoseColumns.PredictedPose3D);
            var b = loaded.Transform(data).ReadFloats(PoseColumns.PredictedPose3D);
            CollectionAssert.AreEqual(a, b);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void NanKeypoint_LeavesOnlyJointsNoCleanGroupPlaces()
    {
        var data = LiftingTestData.Small;
        var model = new PoseContext(1).Lifting.DeepPoseConsensus(LiftingTestData.TinyDpcn).Fit(data);
        var k = data.Column(PoseColumns.Keypoints2D).Floats.ToArray();
        k[2 * 3] = float.NaN; // row 0, joint 3
        var cols = data.Columns().Select(c => c.Name == PoseColumns.Keypoints2D ? ColumnBuffer.Of(k) : data.Column(c.Name)).ToArray();
        var scored = model.Transform(new InMemoryDataView(data.Columns(), data.Rows, cols)).Cache();
        var missing = scored.ReadInts(PoseML.Stages.PoseConsensus.Defaults.MissingColumnName);
        var poses = scored.ReadFloats(PoseColumns.PredictedPose3D);
        Assert.AreEqual(1, missing[3], "every group that sees joint 3 sees its NaN keypoint");
        for (var i = 0; i < 51; i++) Assert.AreEqual(missing[i / 3] == 1, float.IsNaN(poses[i]), $"element {i}: NaN exactly where flagged");
    }

    [TestMethod]
    public void Presets_AreThePapersSettings()
    {
        Assert.AreEqual(PoseML.Stages.JointGroupSelection.JointGroupStrategy.Weighted, DeepPoseConsensusOptions.Dpcn.Groups.Strategy);
        Assert.AreEqual(10, DeepPoseConsensusOptions.Dpcn.Groups.GroupSize);
        Assert.IsTrue(DeepPoseConsensusOptions.Dpcn.Lifter.UseAggregationLoss);
        Assert.AreEqual(PoseML.Nn.Networks.LifterActivation.ReLU, DeepPoseConsensusOptions.Martinez.Lifter.Activation);
        Assert.AreEqual(PoseML.Stages.JointGroupSelection.JointGroupStrategy.AllJoints, DeepPoseConsensusOptions.Martinez.Groups.Strategy);
        Assert.AreEqual(PoseML.Nn.Networks.LifterActivation.LeakyReLU, DeepPoseConsensusOptions.SingleGroupLeakyReLU.Lifter.Activation);
    }
}
