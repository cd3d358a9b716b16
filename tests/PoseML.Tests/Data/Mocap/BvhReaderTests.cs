using PoseML.Core;
using PoseML.Data.Mocap;
using PoseML.Data.Mocap.Bvh;

namespace PoseML.Tests.Data.Mocap;

[TestClass]
public sealed class BvhReaderTests
{
    // Hand-derived positions are exact up to double rounding of sin/cos(90°).
    private const double Exact = 1e-9;

    // Root with 6 channels in XYZ rotation order; a non-root joint with 6 channels whose rotation
    // order is Y, X, Z and whose position channels are interleaved with the rotations.
    private const string TwoJoints = """
        HIERARCHY
        ROOT Root
        {
          OFFSET 0 0 0
          CHANNELS 6 Xposition Yposition Zposition Xrotation Yrotation Zrotation
          JOINT Arm
          {
            OFFSET 1 0 0
            CHANNELS 6 Yrotation Xposition Xrotation Yposition Zposition Zrotation
            End Site
            {
              OFFSET 0 0 2
            }
          }
        }
        MOTION
        Frames: 2
        Frame Time: 0.5
        10 20 30 90 90 0   90 0 90 0 0 0
        0 0 0 0 0 0        0 1 0 2 3 0
        """;

    private static BvhFile Parse(string text) => BvhReader.Parse(new StringReader(text), "test.bvh");

    private static void AssertPosition(Vec3 expected, Vec3 actual, string what)
    {
        Assert.AreEqual(expected.X, actual.X, Exact, $"{what}.X");
        Assert.AreEqual(expected.Y, actual.Y, Exact, $"{what}.Y");
        Assert.AreEqual(expected.Z, actual.Z, Exact, $"{what}.Z");
    }

    [TestMethod]
    public void Parse_ReadsHierarchyChannelsAndMotion()
    {
        var bvh = Parse(TwoJoints);
        CollectionAssert.AreEqual(new[] { "Root", "Arm", "Arm_End" }, bvh.Joints.Select(j => j.Name).ToArray());
        CollectionAssert.AreEqual(new[] { -1, 0, 1 }, bvh.Joints.Select(j => j.Parent).ToArray());
        CollectionAssert.AreEqual(new[] { BvhChannel.Yrotation, BvhChannel.Xposition, BvhChannel.Xrotation, BvhChannel.Yposition, BvhChannel.Zposition, BvhChannel.Zrotation },
            bvh.Joints[1].Channels.ToArray());
        Assert.AreEqual(6, bvh.Joints[1].FirstChannel);
        Assert.IsTrue(bvh.Joints[2].IsEndSite);
        Assert.AreEqual(12, bvh.ChannelCount);
        Assert.AreEqual(2, bvh.FrameCount);
        Assert.AreEqual(2.0, bvh.FrameRate, Exact);
        Assert.AreEqual(3.0, bvh.FrameValues(1)[10]); // Arm.Zposition
    }

    [TestMethod]
    public void ComputePositions_AppliesRotationsInListedOrder()
    {
        // Frame 0 by hand. Root: R0 = Rx(90)·Ry(90) (listed X then Y then Z), at (10,20,30).
        //   Arm = root + R0·(1,0,0): Ry(90)(1,0,0) = (0,0,-1); Rx(90)(0,0,-1) = (0,1,0) → (10,21,30).
        // Arm's local rotation is listed Y then X: Ra = Ry(90)·Rx(90).
        //   End = Arm + R0·Ra·(0,0,2): Rx(90)(0,0,2) = (0,-2,0); Ry(90) keeps it; R0 maps (0,-2,0):
        //   Ry(90) keeps it, Rx(90)(0,-2,0) = (0,0,-2) → (10,21,28).
        // Listed in the other order (X then Y) the end would be (10,23,30): the test fails if order is ignored.
        var bvh = Parse(TwoJoints);
        var p = new Vec3[3];
        bvh.ComputePositions(0, p);
        AssertPosition(new Vec3(10, 20, 30), p[0], "Root");
        AssertPosition(new Vec3(10, 21, 30), p[1], "Arm");
        AssertPosition(new Vec3(10, 21, 28), p[2], "Arm_End");
    }

    [TestMethod]
    public void ComputePositions_AddsPositionChannelsOfNonRootJointsToTheOffset()
    {
        // Frame 1: no rotation; Arm's position channels (1,2,3) add to its offset (1,0,0).
        var bvh = Parse(TwoJoints);
        var p = new Vec3[3];
        bvh.ComputePositions(1, p);
        AssertPosition(new Vec3(2, 2, 3), p[1], "Arm");
        AssertPosition(new Vec3(2, 2, 5), p[2], "Arm_End");
    }

    [TestMethod]
    public void ComputePositions_ZyxOrderDiffersFromXyz()
    {
        // Same values (90, 0, 90) listed as Z Y X and as X Y Z, end offset (0,0,2), by hand:
        // ZYX listing: Rx first: (0,0,2) → (0,-2,0); then Rz(90): (0,-2,0) → (2,0,0).
        // XYZ listing: Rz first: (0,0,2) unchanged; then Rx(90): (0,0,2) → (0,-2,0).
        static string File(string order) => $$"""
            HIERARCHY
            ROOT A
            {
              OFFSET 0 0 0
              CHANNELS 3 {{order}}
              End Site
              {
                OFFSET 0 0 2
              }
            }
            MOTION
            Frames: 1
            Frame Time: 0.0083333
            90 0 90
            """;
        var p = new Vec3[2];
        Parse(File("Zrotation Yrotation Xrotation")).ComputePositions(0, p);
        AssertPosition(new Vec3(2, 0, 0), p[1], "ZYX end");
        Parse(File("Xrotation Yrotation Zrotation")).ComputePositions(0, p);
        AssertPosition(new Vec3(0, -2, 0), p[1], "XYZ end");
    }

    [TestMethod]
    public void HasRestPoseFrame_DetectsAllWholeDegreeFrameZeroBeforeRecordedMotion()
    {
        static string File(string frame0, string frame1) => $$"""
            HIERARCHY
            ROOT A
            {
              OFFSET 0 0 0
              CHANNELS 6 Xposition Yposition Zposition Zrotation Yrotation Xrotation
              End Site
              {
                OFFSET 0 1 0
              }
            }
            MOTION
            Frames: 2
            Frame Time: 0.0083333
            {{frame0}}
            {{frame1}}
            """;
        // Positions may be fractional: only rotations decide.
        Assert.IsTrue(Parse(File("9.37 17.8 -17.3 0 -17 5", "9.37 17.8 -17.3 -3.2316 -7.597 -2.0168")).HasRestPoseFrame());
        Assert.IsFalse(Parse(File("9.37 17.8 -17.3 0.5 -17 5", "9.37 17.8 -17.3 -3.2316 -7.597 -2.0168")).HasRestPoseFrame());
        Assert.IsFalse(Parse(File("0 0 0 0 90 0", "0 0 0 0 45 0")).HasRestPoseFrame(), "an all-integer hand-made file keeps frame 0");
    }

    [TestMethod]
    [DataRow("CHANNELS 3 Zrotation Qrotation Xrotation", 5, "Qrotation")]
    [DataRow("CHANNELS 3 Zrotation Yrotation", 6, "End")]
    [DataRow("CHANNELS x Zrotation Yrotation Xrotation", 5, "x")]
    public void Parse_RejectsBadChannelsNamingLineAndToken(string channels, int line, string token)
    {
        var text = $"""
            HIERARCHY
            ROOT A
            {"{"}
              OFFSET 0 0 0
              {channels}
              End Site
              {"{"}
                OFFSET 0 1 0
              {"}"}
            {"}"}
            MOTION
            Frames: 1
            Frame Time: 0.1
            1 2 3
            """;
        var e = Assert.ThrowsExactly<DataFormatException>(() => Parse(text));
        Assert.AreEqual(line, e.Line, e.Message);
        StringAssert.Contains(e.Message, "test.bvh:" + line);
        StringAssert.Contains(e.Message, token);
    }

    [TestMethod]
    public void Parse_RejectsTruncatedMotionNamingTheEndOfFile()
    {
        var text = TwoJoints[..TwoJoints.LastIndexOf('\n')]; // drop the last frame line
        var e = Assert.ThrowsExactly<DataFormatException>(() => Parse(text));
        StringAssert.Contains(e.Message, "1 of the 2 frames");
        Assert.AreEqual(text.Split('\n').Length + 1, e.Line);
    }

    [TestMethod]
    public void Parse_RejectsFrameWithWrongValueCount()
    {
        var text = TwoJoints.Replace("0 0 0 0 0 0        0 1 0 2 3 0", "0 0 0 0 0 0        0 1 0 2 3");
        var e = Assert.ThrowsExactly<DataFormatException>(() => Parse(text));
        Assert.AreEqual(20, e.Line);
        StringAssert.Contains(e.Message, "frame 1 has 11 values");
        StringAssert.Contains(e.Message, "12 channels");
    }

    [TestMethod]
    public void Parse_RejectsNaNNamingJointAndChannel()
    {
        var text = TwoJoints.Replace("10 20 30 90 90 0", "10 20 30 90 NaN 0");
        var e = Assert.ThrowsExactly<DataFormatException>(() => Parse(text));
        Assert.AreEqual(19, e.Line);
        Assert.AreEqual("Root.Yrotation", e.Field);
        StringAssert.Contains(e.Message, "NaN");
    }

    [TestMethod]
    public void Parse_RejectsExtraFrameLines()
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => Parse(TwoJoints + "\n1 2 3 4 5 6 7 8 9 10 11 12\n"));
        Assert.AreEqual(21, e.Line);
        StringAssert.Contains(e.Message, "Frames: 2");
    }

    [TestMethod]
    public void Parse_RejectsMissingMotionSection()
    {
        var text = TwoJoints[..TwoJoints.IndexOf("MOTION", StringComparison.Ordinal)];
        var e = Assert.ThrowsExactly<DataFormatException>(() => Parse(text));
        StringAssert.Contains(e.Message, "MOTION");
    }

    [TestMethod]
    public void Parse_RejectsHierarchyCutInsideAJoint()
    {
        var text = TwoJoints[..TwoJoints.IndexOf("End Site", StringComparison.Ordinal)];
        var e = Assert.ThrowsExactly<DataFormatException>(() => Parse(text));
        StringAssert.Contains(e.Message, "truncated");
        StringAssert.Contains(e.Message, "Arm");
    }

    [TestMethod]
    public void Parse_RejectsBadFrameHeader()
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => Parse(TwoJoints.Replace("Frames: 2", "Frames: two")));
        Assert.AreEqual(17, e.Line);
        Assert.AreEqual("Frames", e.Field);
    }

    [TestMethod]
    [DataRow(999999999)]
    [DataRow(20000000)]
    [DataRow(3)]
    public void Parse_FramesCountBeyondTheRemainingLinesFailsBeforeAllocating(int declared)
    {
        var text = TwoJoints.Replace("Frames: 2", $"Frames: {declared}");
        var e = Assert.ThrowsExactly<DataFormatException>(() => Parse(text));
        Assert.AreEqual("Frames", e.Field);
        StringAssert.Contains(e.Message, $"2 of the {declared} frames");
        StringAssert.Contains(e.Message, "line 17");
        Assert.IsFalse(e.Message.Contains('\n'), e.Message);
    }

    private static string NestedJoints(int depth)
    {
        var sb = new System.Text.StringBuilder("HIERARCHY\nROOT J0\n{\nOFFSET 0 0 0\nCHANNELS 3 Zrotation Xrotation Yrotation\n");
        for (var d = 1; d < depth; d++) sb.Append($"JOINT J{d}\n{{\nOFFSET 0 1 0\nCHANNELS 3 Zrotation Xrotation Yrotation\n");
        sb.Append("End Site\n{\nOFFSET 0 1 0\n}\n");
        for (var d = 0; d < depth; d++) sb.Append("}\n");
        sb.Append("MOTION\nFrames: 1\nFrame Time: 0.01\n");
        sb.Append(string.Join(' ', Enumerable.Repeat("0", depth * 3))).Append('\n');
        return sb.ToString();
    }

    [TestMethod]
    public void Parse_HostileJointNestingIsAOneLineErrorNotAStackOverflow()
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => Parse(NestedJoints(20_000)));
        StringAssert.Contains(e.Message, $"deeper than {BvhReader.MaxJointDepth}");
        Assert.AreEqual(2 + BvhReader.MaxJointDepth * 4, e.Line); // the JOINT line one level too deep
        Assert.IsFalse(e.Message.Contains('\n'), e.Message);
    }

    [TestMethod]
    public void Parse_NestingUpToTheLimitIsRead()
    {
        var bvh = Parse(NestedJoints(BvhReader.MaxJointDepth));
        Assert.AreEqual(BvhReader.MaxJointDepth + 1, bvh.Joints.Length); // plus the End Site
    }

    [TestMethod]
    public void Read_MissingFileNamesThePath()
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => BvhReader.Read("/nonexistent/take.bvh"));
        StringAssert.Contains(e.Message, "/nonexistent/take.bvh");
    }
}
