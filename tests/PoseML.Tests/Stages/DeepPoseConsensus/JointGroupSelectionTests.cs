using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Stages.JointGroupSelection;
using PoseML.Stages.JointGrouping;

namespace PoseML.Tests.Stages.DeepPoseConsensus;

[TestClass]
public sealed class JointGroupSelectionTests
{
    [TestMethod]
    public void JointGroupSelection_PassesStageContract()
    {
        var data = LiftingTestData.Small;
        StageContract.Run(ctx => ctx.Lifting.SelectJointGroups(groupSize: 5, minCoverage: 2, seed: 3), data,
            StageContract.MissingColumn(data, PoseColumns.Pose3D, alsoAtTransform: false),
            StageContract.WrongType(data, PoseColumns.Pose3D, ColumnType.Float(17, 2), alsoAtTransform: false),
            StageContract.NonFinite(data, PoseColumns.Pose3D, row: 0));
    }

    [TestMethod]
    public void Weighted_SamplesFromTheFirstSequenceOfOneCamera()
    {
        // Independent expectation: the sampler called directly on subject S1, camera 0 poses.
        var data = LiftingTestData.Small;
        var s1 = data.FilterByText(PoseColumns.Subject, s => s == "S1").Filter([PoseColumns.Camera], (b, r) => b.GetInts(PoseColumns.Camera)[r] == 0);
        var expected = JointGroupSampler.Sample(s1.ReadFloats(PoseColumns.Pose3D), 17,
            new JointGroupSamplingOptions { GroupSize = 6, MinCoverage = 3, Seed = 5 });
        var fitted = new PoseContext(1).Lifting.SelectJointGroups(groupSize: 6, minCoverage: 3, seed: 5).Fit(data);
        Assert.AreEqual(expected, fitted.Groups);
    }

    [TestMethod]
    public void Weighted_NamedSequenceChangesTheSimilarity()
    {
        var data = LiftingTestData.Small;
        var s2 = data.FilterByText(PoseColumns.Subject, s => s == "S2").Filter([PoseColumns.Camera], (b, r) => b.GetInts(PoseColumns.Camera)[r] == 0);
        var expected = JointGroupSampler.Sample(s2.ReadFloats(PoseColumns.Pose3D), 17, new JointGroupSamplingOptions { GroupSize = 6, MinCoverage = 3 });
        var fitted = new PoseContext(1).Lifting.SelectJointGroups(new JointGroupSelectionOptions { GroupSize = 6, MinCoverage = 3, Subject = "S2" }).Fit(data);
        Assert.AreEqual(expected, fitted.Groups);
    }

    [TestMethod]
    public void Weighted_UnknownSubjectIsAClearError()
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() =>
            new PoseContext(1).Lifting.SelectJointGroups(new JointGroupSelectionOptions { Subject = "S9" }).Fit(LiftingTestData.Small));
        StringAssert.Contains(e.Message, "S9");
    }

    [TestMethod]
    [DataRow(JointGroupStrategy.AllJoints, 1, 17)]
    [DataRow(JointGroupStrategy.BodyParts, 6, 33)]
    public void FixedStrategies_GiveTheirGroups(JointGroupStrategy strategy, int groups, int rows)
    {
        var fitted = new PoseContext(1).Lifting.SelectJointGroups(strategy).Fit(LiftingTestData.Small);
        Assert.AreEqual(groups, fitted.Groups.GroupCount);
        Assert.AreEqual(rows, fitted.Groups.RowCount);
    }

    [TestMethod]
    public void Random_EqualsTheUniformSampler()
    {
        var fitted = new PoseContext(1).Lifting.SelectJointGroups(JointGroupStrategy.Random, groupSize: 4, minCoverage: 2, seed: 9).Fit(LiftingTestData.Small);
        Assert.AreEqual(JointGroupSampler.Uniform(17, new JointGroupSamplingOptions { GroupSize = 4, MinCoverage = 2, Seed = 9 }), fitted.Groups);
    }

    [TestMethod]
    public void User_KeepsTheGivenGroups_AndRejectsBadIndices()
    {
        var fitted = new PoseContext(1).Lifting.SelectJointGroups(new JointGroupSelectionOptions
        {
            Strategy = JointGroupStrategy.User, UserGroups = [[0, 1, 2, 3, 4, 5, 6, 7, 8], [7, 8, 9, 10, 11, 12, 13, 14, 15, 16]],
        }).Fit(LiftingTestData.Small);
        Assert.AreEqual(2, fitted.Groups.GroupCount);
        Assert.ThrowsExactly<InvalidOptionException>(() => new PoseContext(1).Lifting.SelectJointGroups(new JointGroupSelectionOptions
        {
            Strategy = JointGroupStrategy.User, UserGroups = [[0, 17]],
        }).Fit(LiftingTestData.Small));
    }
}
