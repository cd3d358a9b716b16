using PoseML.Core;
using PoseML.Data;

namespace PoseML.Tests.Data;

[TestClass]
public sealed class SkeletonTests
{
    [TestMethod]
    public void Human36M17_MatchesVideoPose3DOrder()
    {
        var s = PoseML.Data.Skeletons.Human36M17;
        Assert.AreEqual("Hip,RHip,RKnee,RFoot,LHip,LKnee,LFoot,Spine,Thorax,Neck,Head,LShoulder,LElbow,LWrist,RShoulder,RElbow,RWrist",
            string.Join(",", s.JointNames));
        CollectionAssert.AreEqual(new[] { -1, 0, 1, 2, 0, 4, 5, 0, 7, 8, 9, 8, 11, 12, 8, 14, 15 }, s.Parents.ToArray());
        CollectionAssert.AreEqual(new[] { 4, 5, 6, 11, 12, 13 }, s.Left.ToArray());
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 14, 15, 16 }, s.Right.ToArray());
        Assert.AreEqual(16, s.Bones.Count());
    }

    [TestMethod]
    public void Mirror_SwapsSidesAndKeepsCentreJoints()
    {
        var s = PoseML.Data.Skeletons.Human36M17;
        Assert.AreEqual(s.IndexOf("RWrist"), s.Mirror(s.IndexOf("LWrist")));
        Assert.AreEqual(s.IndexOf("LKnee"), s.Mirror(s.IndexOf("RKnee")));
        Assert.AreEqual(s.IndexOf("Head"), s.Mirror(s.IndexOf("Head")));
    }

    [TestMethod]
    public void RemoveJoints_ReturnsANewSkeletonWithReparentedChildren()
    {
        var s = PoseML.Data.Skeletons.Human36M17;
        var reduced = s.RemoveJoints(s.IndexOf("Spine"), s.IndexOf("LElbow"));
        Assert.AreEqual(17, s.JointCount, "the original is immutable");
        Assert.AreEqual(15, reduced.JointCount);
        // Thorax's parent was Spine; it becomes Hip. LWrist's parent was LElbow; it becomes LShoulder.
        Assert.AreEqual(reduced.IndexOf("Hip"), reduced.Parents[reduced.IndexOf("Thorax")]);
        Assert.AreEqual(reduced.IndexOf("LShoulder"), reduced.Parents[reduced.IndexOf("LWrist")]);
        Assert.AreEqual(5, reduced.Left.Length, "the LElbow/RElbow pair is dropped");
    }

    [TestMethod]
    public void Constructor_RejectsParentsThatDoNotPrecedeChildren()
    {
        var e = Assert.ThrowsExactly<InvalidOptionException>(() => new Skeleton("bad", ["a", "b"], [1, -1], [], []));
        StringAssert.Contains(e.Message, "joint 0 (a)");
    }

    [TestMethod]
    public void IndexOf_UnknownJointListsTheJoints()
    {
        var e = Assert.ThrowsExactly<InvalidOptionException>(() => PoseML.Data.Skeletons.Human36M17.IndexOf("Nose"));
        StringAssert.Contains(e.Message, "Nose");
        StringAssert.Contains(e.Message, "RWrist");
    }
}
