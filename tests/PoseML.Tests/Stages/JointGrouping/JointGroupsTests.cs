using PoseML.Data;
using PoseML.Core;
using PoseML.Stages.JointGrouping;

namespace PoseML.Tests.Stages.JointGrouping;

[TestClass]
public sealed class JointGroupsTests
{
    [TestMethod]
    public void Constructor_SortsGroupsAndLaysOutStackedRows()
    {
        var g = new JointGroups(5, [[3, 0, 1], [4, 2]]);
        CollectionAssert.AreEqual(new[] { 0, 1, 3 }, g.Groups[0].ToArray());
        Assert.AreEqual(5, g.RowCount);
        Assert.AreEqual(3, g.RowOffset(1));
        CollectionAssert.AreEqual(new[] { 1, 1, 1, 1, 1 }, g.Coverage.ToArray());
        Assert.IsTrue(g.UncoveredJoints.IsEmpty);
    }

    [TestMethod]
    public void Constructor_RejectsOutOfRangeDuplicateAndEmptyGroups()
    {
        Assert.ThrowsExactly<InvalidOptionException>(() => new JointGroups(3, [[0, 3]]));
        Assert.ThrowsExactly<InvalidOptionException>(() => new JointGroups(3, [[0, 1, 1]]));
        Assert.ThrowsExactly<InvalidOptionException>(() => new JointGroups(3, [[0, 1], []]));
        Assert.ThrowsExactly<InvalidOptionException>(() => new JointGroups(3, []));
    }

    [TestMethod]
    public void Coverage_ReportsUncoveredJointsAndRequireCoverageNamesThem()
    {
        var g = new JointGroups(4, [[0, 1], [1, 2]]);
        CollectionAssert.AreEqual(new[] { 3 }, g.UncoveredJoints.ToArray());
        var e = Assert.ThrowsExactly<InvalidOptionException>(() => g.RequireCoverage());
        StringAssert.Contains(e.Message, "joint 3");
    }

    [TestMethod]
    public void Json_RoundTripsAndAcceptsHandWrittenFilesWithoutHeader()
    {
        var g = JointGroupSampler.BodyPartsHuman36M17();
        Assert.AreEqual(g, JointGroupsJson.Parse(JointGroupsJson.ToJson(g)));
        var path = Path.Combine(Path.GetTempPath(), $"groups-{Guid.NewGuid():N}.json");
        try
        {
            JointGroupsJson.Write(g, path);
            Assert.AreEqual(g, JointGroupsJson.Read(path));
        }
        finally { File.Delete(path); }
        var hand = JointGroupsJson.Parse("{\"joints\": 3, \"groups\": [[2, 0], [1, 2]]}");
        CollectionAssert.AreEqual(new[] { 0, 2 }, hand.Groups[0].ToArray());
    }

    [TestMethod]
    [DataRow("{\"groups\": [[0,1]]}", "$.joints")]
    [DataRow("{\"joints\": 3, \"groups\": [[0, 5]]}", "$.groups[0][1]")]
    [DataRow("{\"joints\": 3, \"groups\": [[0, \"a\"]]}", "$.groups[0][1]")]
    [DataRow("{\"joints\": 3, \"groups\": [0]}", "$.groups[0]")]
    [DataRow("{\"joints\": 3, \"groups\": [[0, 0]]}", "$.groups")]
    [DataRow("{\"joints\": 3, \"groups\": [[0, 1]], \"version\": 9}", "$.version")]
    public void Json_ErrorsNameTheJsonPath(string json, string path)
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => JointGroupsJson.Parse(json, "groups.json"));
        Assert.AreEqual(path, e.Field);
        StringAssert.StartsWith(e.Message, "groups.json");
    }

    [TestMethod]
    public void KinematicNeighbourhoods_MatchesTheReferenceMakeGroups()
    {
        // From refs/perf/consensus.py make_groups(10): groups 0, 3 and 13.
        var g = JointGroupSampler.KinematicNeighbourhoods(Skeletons.Human36M17, 10);
        Assert.AreEqual(17, g.GroupCount);
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, g.Groups[0].ToArray());
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, g.Groups[3].ToArray());
        CollectionAssert.AreEqual(new[] { 0, 7, 8, 9, 10, 11, 12, 13, 14, 15 }, g.Groups[13].ToArray());
    }

    [TestMethod]
    public void BodyParts_CoverEveryJointAndOverlap()
    {
        var g = JointGroupSampler.BodyPartsHuman36M17();
        g.RequireCoverage();
        for (var j = 1; j < g.GroupCount; j++) Assert.IsGreaterThanOrEqualTo(2, g.Groups[j].Intersect(g.Groups[0]).Count());
    }
}
