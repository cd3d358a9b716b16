using System.Globalization;
using System.Text;
using PoseML.Cli;
using PoseML.Core;
using PoseML.Stages.Consensus;
using PoseML.Stages.JointGrouping;

namespace PoseML.Tests.Stages.Consensus;

[TestClass]
public sealed class ConsensusCommandTests
{
    private static readonly JointGroups Groups = new(4, [[0, 1, 2], [1, 2, 3], [0, 3]]);

    // Truth: joint i at (i, 2i, 3i) mm; each group shifted by (10 g, 0, 0).
    private static string Partial(bool dropJoint3 = false)
    {
        var frames = new StringBuilder();
        for (var f = 0; f < 2; f++)
        {
            var groups = new List<string>();
            var confidence = new List<string>();
            for (var g = 0; g < Groups.GroupCount; g++)
            {
                groups.Add("[" + string.Join(",", Groups.Groups[g].Select(i => string.Create(CultureInfo.InvariantCulture, $"[{i + 10 * g + f},{2 * i},{3 * i}]"))) + "]");
                confidence.Add("[" + string.Join(",", Groups.Groups[g].Select(i => dropJoint3 && f == 1 && i == 3 ? "0" : "1")) + "]");
            }
            if (f > 0) frames.Append(',');
            frames.Append($"{{\"subject\": \"S1\", \"action\": \"Walk\", \"camera\": 2, \"frame\": {f + 5}, \"groups\": [{string.Join(",", groups)}], \"confidence\": [{string.Join(",", confidence)}]}}");
        }
        return $"{{\"joints\": 4, \"frames\": [{frames}]}}";
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => PoseML.Tests.Cli.CliRunner.Run(args);

    [TestMethod]
    public void Consensus_WritesRootRelativePosesAndEmptyCellsForMissingJoints()
    {
        var dir = Directory.CreateTempSubdirectory("poseml-consensus-").FullName;
        try
        {
            JointGroupsJson.Write(Groups, Path.Combine(dir, "groups.json"));
            File.WriteAllText(Path.Combine(dir, "partial.json"), Partial(dropJoint3: true));
            var (code, _, err) = Run("consensus", "--groups", Path.Combine(dir, "groups.json"), "--in", Path.Combine(dir, "partial.json"),
                "--out", Path.Combine(dir, "poses.csv"), "--solver", "lsq");
            Assert.AreEqual(0, code, err);
            var lines = File.ReadAllLines(Path.Combine(dir, "poses.csv"));
            Assert.AreEqual("subject,action,camera,frame,J0_x,J0_y,J0_z,J1_x,J1_y,J1_z,J2_x,J2_y,J2_z,J3_x,J3_y,J3_z", lines[0]);
            Assert.AreEqual("S1,Walk,2,5,0,0,0,1,2,3,2,4,6,3,6,9", lines[1]);
            // Frame 6 loses joint 3 in both its groups: group 2 keeps one joint and drops out, joint 3 is missing.
            Assert.AreEqual("S1,Walk,2,6,0,0,0,1,2,3,2,4,6,,,", lines[2]);
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void Consensus_ErrorNamesTheJsonPathOfABadPoint()
    {
        var dir = Directory.CreateTempSubdirectory("poseml-consensus-").FullName;
        try
        {
            JointGroupsJson.Write(Groups, Path.Combine(dir, "groups.json"));
            File.WriteAllText(Path.Combine(dir, "partial.json"), Partial().Replace("[11,2,3]", "[11,2]"));
            var (code, _, err) = Run("consensus", "--groups", Path.Combine(dir, "groups.json"), "--in", Path.Combine(dir, "partial.json"), "--out", Path.Combine(dir, "poses.csv"));
            Assert.AreEqual(1, code);
            StringAssert.Contains(err, "$.frames[0].groups[1][0]");
            Assert.IsFalse(File.Exists(Path.Combine(dir, "poses.csv")));
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void PartialJson_RejectsAGroupWithTheWrongNumberOfPoints()
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => PartialPoseJson.Parse("{\"joints\": 4, \"frames\": [{\"groups\": [[[0,0,0]], [], []]}]}", Groups, "p.json"));
        Assert.AreEqual("$.frames[0].groups[0]", e.Field);
        e = Assert.ThrowsExactly<DataFormatException>(() => PartialPoseJson.Parse("{\"joints\": 5, \"frames\": []}", Groups, "p.json"));
        Assert.AreEqual("$.joints", e.Field);
    }

    [TestMethod]
    public void PartialAndGroupsJson_RejectUnknownOrMisCasedKeys()
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => PartialPoseJson.Parse("{\"joints\": 4, \"frames\": [], \"Confidence\": []}", Groups, "p.json"));
        Assert.AreEqual("$.Confidence", e.Field);
        StringAssert.Contains(e.Message, "unknown key; expected format, version, joints, frames");
        e = Assert.ThrowsExactly<DataFormatException>(() => PartialPoseJson.Parse("{\"joints\": 4, \"frames\": [{\"groups\": [[[0,0,0],[1,1,1],[2,2,2]], [[1,1,1],[2,2,2],[3,3,3]], [[0,0,0],[3,3,3]]], \"Confidence\": [[0,0,0],[0,0,0],[0,0]]}]}", Groups, "p.json"));
        Assert.AreEqual("$.frames[0].Confidence", e.Field);
        StringAssert.Contains(e.Message, "did you mean 'confidence'?");
        e = Assert.ThrowsExactly<DataFormatException>(() => JointGroupsJson.Parse("{\"joints\": 4, \"groups\": [[0, 1]], \"Joints\": 5}", "g.json"));
        Assert.AreEqual("$.Joints", e.Field);
        StringAssert.Contains(e.Message, "g.json");
    }

    [TestMethod]
    public void FrameThatNoGroupPlaces_IsAnError_MissingJointsAreACountedWarning()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"poseml-cons-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var groups = Path.Combine(dir, "g.json");
            JointGroupsJson.Write(Groups, groups);
            var partial = Path.Combine(dir, "p.json");
            var output = Path.Combine(dir, "poses.csv");
            File.WriteAllText(partial, Partial(dropJoint3: true));
            var (code, _, err) = Run("consensus", "--groups", groups, "--in", partial, "--out", output);
            Assert.AreEqual(0, code, err);
            StringAssert.Contains(err, "poseml: warning: 1 joint(s) in 1 of 2 frames are placed by no group");

            File.WriteAllText(partial, "{\"joints\": 4, \"frames\": [{\"groups\": [[null, null, null], [null, null, null], [null, null]]}]}");
            File.Delete(output);
            (code, _, err) = Run("consensus", "--groups", groups, "--in", partial, "--out", output);
            Assert.AreEqual(1, code, err);
            StringAssert.Contains(err, "p.json: field '$.frames[0]': no group places any joint");
            Assert.IsFalse(File.Exists(output));
        }
        finally { Directory.Delete(dir, true); }
    }
}
