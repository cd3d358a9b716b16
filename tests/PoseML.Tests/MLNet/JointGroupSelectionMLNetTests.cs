using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Stages.JointGroupSelection;
using PoseML.Stages.JointGrouping;
using PoseML.Tests.Stages.DeepPoseConsensus;

namespace PoseML.Tests.MLNet;

/// <summary><c>mlContext.Transforms.SelectJointGroups</c>: each strategy gives the groups of the sampler or rule it names.</summary>
[TestClass]
public sealed class JointGroupSelectionMLNetTests
{
    [TestMethod]
    public void Weighted_NamedSequenceChangesTheSimilarity()
    {
        var data = LiftingTestData.Small;
        var s2 = data.FilterByText(PoseColumns.Subject, s => s == "S2").Filter([PoseColumns.Camera], (b, r) => b.GetInts(PoseColumns.Camera)[r] == 0);
        var expected = JointGroupSampler.Sample(s2.ReadFloats(PoseColumns.Pose3D), 17, new JointGroupSamplingOptions { GroupSize = 6, MinCoverage = 3 });
        var fitted = new MLContext(1).Transforms.SelectJointGroups(new JointGroupSelectionOptions { GroupSize = 6, MinCoverage = 3, Subject = "S2" }).Fit(data);
        Assert.AreEqual(expected, fitted.Groups);
    }

    [TestMethod]
    public void Weighted_UnknownSubjectIsAClearError()
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() =>
            new MLContext(1).Transforms.SelectJointGroups(new JointGroupSelectionOptions { Subject = "S9" }).Fit(LiftingTestData.Small));
        StringAssert.Contains(e.Message, "S9");
    }

    [TestMethod]
    [DataRow(JointGroupStrategy.AllJoints, 1, 17)]
    [DataRow(JointGroupStrategy.BodyParts, 6, 33)]
    public void FixedStrategies_GiveTheirGroups(JointGroupStrategy strategy, int groups, int rows)
    {
        var fitted = new MLContext(1).Transforms.SelectJointGroups(strategy).Fit(LiftingTestData.Small);
        Assert.AreEqual(groups, fitted.Groups.GroupCount);
        Assert.AreEqual(rows, fitted.Groups.RowCount);
    }

    [TestMethod]
    public void Random_EqualsTheUniformSampler()
    {
        var fitted = new MLContext(1).Transforms.SelectJointGroups(JointGroupStrategy.Random, groupSize: 4, minCoverage: 2, seed: 9).Fit(LiftingTestData.Small);
        Assert.AreEqual(JointGroupSampler.Uniform(17, new JointGroupSamplingOptions { GroupSize = 4, MinCoverage = 2, Seed = 9 }), fitted.Groups);
    }

    [TestMethod]
    public void User_KeepsTheGivenGroups_AndRejectsBadIndices()
    {
        var ml = new MLContext(1);
        var fitted = ml.Transforms.SelectJointGroups(new JointGroupSelectionOptions
        {
            Strategy = JointGroupStrategy.User, UserGroups = [[0, 1, 2, 3, 4, 5, 6, 7, 8], [7, 8, 9, 10, 11, 12, 13, 14, 15, 16]],
        }).Fit(LiftingTestData.Small);
        Assert.AreEqual(2, fitted.Groups.GroupCount);
        Assert.ThrowsExactly<InvalidOptionException>(() => ml.Transforms.SelectJointGroups(new JointGroupSelectionOptions
        {
            Strategy = JointGroupStrategy.User, UserGroups = [[0, 17]],
        }).Fit(LiftingTestData.Small));
    }
}
