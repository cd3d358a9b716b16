using PoseML.Data;
using PoseML.Data.Mocap;
using PoseML.Data.Mocap.Bvh;
using PoseML.Data.Mocap.Cmu;
using PoseML.Data.View;

namespace PoseML.Tests.Data.Mocap;

/// <summary>Behaviour of the CMU conversion beyond the reference tables: rest-pose detection,
/// resampling indices, the thorax fix, naming and the two readers agreeing with each other.</summary>
[TestClass]
public sealed class CmuConversionTests
{
    private static BvhFile _mb = null!;  // 01_01.bvh, MotionBuilder naming, with a T-pose frame 0
    private static BvhFile _max = null!; // 131_01.bvh, 3dsMax naming, no T-pose

    [ClassInitialize]
    public static void ReadOnce(TestContext _)
    {
        _mb = BvhReader.Read(CmuData.Raw("01_01.bvh"));
        _max = BvhReader.Read(CmuData.Raw("131_01.bvh"));
    }

    [TestMethod]
    public void Naming_IsDetectedForBothCgspeedReleases()
    {
        Assert.AreSame(CmuBvhNaming.MotionBuilder, CmuBvhNaming.Detect(_mb.Joints.Select(j => j.Name).ToArray()));
        Assert.AreSame(CmuBvhNaming.ThreeDsMax, CmuBvhNaming.Detect(_max.Joints.Select(j => j.Name).ToArray()));
    }

    [TestMethod]
    public void RestPose_IsDetectedInMotionBuilderReleaseOnly()
    {
        Assert.IsTrue(_mb.HasRestPoseFrame());
        Assert.IsFalse(_max.HasRestPoseFrame());
        // 2752 frames = T-pose + 2751 recorded; every 4th of 2751 is 688, the reference's length.
        Assert.AreEqual(2752, _mb.FrameCount);
        Assert.AreEqual(688, CmuMocap.FromBvh(_mb).FrameCount);
        Assert.AreEqual(2752, CmuMocap.FromBvh(_mb, new CmuConversionOptions { FrameRate = 120, RestPose = RestPoseFrame.Keep }).FrameCount);
        Assert.AreEqual(2751, CmuMocap.FromBvh(_mb, new CmuConversionOptions { FrameRate = 120 }).FrameCount);
        Assert.AreEqual(249, CmuMocap.FromBvh(_max).FrameCount); // ceil(994 / 4): nothing dropped
    }

    [TestMethod]
    public void Resampling_30FpsFrameKIsSourceFrame4KAfterTheRestPose()
    {
        var all = CmuMocap.FromBvh(_mb, new CmuConversionOptions { FrameRate = 120 });
        var thirty = CmuMocap.FromBvh(_mb);
        Assert.AreEqual(2751, all.FrameCount);
        foreach (var k in new[] { 0, 1, 100, thirty.FrameCount - 1 })
            CollectionAssert.AreEqual(all.Frame(4 * k).ToArray(), thirty.Frame(k).ToArray(), $"30 fps frame {k}");
        // And the kept frame 0 is recorded motion, not the T-pose (which has the legs straight down).
        var withPose = CmuMocap.FromBvh(_mb, new CmuConversionOptions { FrameRate = 120, RestPose = RestPoseFrame.Keep });
        CollectionAssert.AreEqual(all.Frame(0).ToArray(), withPose.Frame(1).ToArray());
        CollectionAssert.AreNotEqual(all.Frame(0).ToArray(), withPose.Frame(0).ToArray());
    }

    [TestMethod]
    [DataRow("01_01")]
    [DataRow("131_01")]
    public void RestoreThorax_GivesZeroOffsetChildrenTheUpperSpineOffset(string take)
    {
        var bvh = take == "01_01" ? _mb : _max;
        var upper = bvh.Require(take == "01_01" ? "Spine1" : "Chest2");
        var fixedBvh = CmuMocap.RestoreThorax(bvh, CmuBvhNaming.Detect(bvh.Joints.Select(j => j.Name).ToArray())!);
        var children = bvh.ChildrenOf(upper).ToArray();
        Assert.AreEqual(3, children.Length); // neck and the two clavicles
        foreach (var c in children)
        {
            Assert.IsTrue(bvh.Joints[c].Offset.IsZero, $"{bvh.Joints[c].Name} has no offset in the raw file");
            Assert.AreEqual(bvh.Joints[upper].Offset, fixedBvh.Joints[c].Offset, bvh.Joints[c].Name);
        }
        Assert.AreEqual(bvh.Joints.Length - 3, Enumerable.Range(0, bvh.Joints.Length).Count(j => bvh.Joints[j] == fixedBvh.Joints[j]));
    }

    [TestMethod]
    public void RestoreThorax_RaisesNeckByAboutTheThoraxLength()
    {
        var with = CmuMocap.FromBvh(_mb);
        var without = CmuMocap.FromBvh(_mb, new CmuConversionOptions { RestoreThorax = false });
        var neck = with.Skeleton.IndexOf("Neck");
        var hip = with.Skeleton.IndexOf("Hip");
        var gap = Distance(with.Position(0, neck), without.Position(0, neck));
        // Spine1's offset is |(0.057, 2.049, -0.043)| = 2.05 units ≈ 116 mm (the README's ~12 cm).
        Assert.AreEqual(116, gap, 2);
        Assert.AreEqual(0, Distance(with.Position(0, hip), without.Position(0, hip)), 1e-6);
    }

    [TestMethod]
    public void BvhAndAmcOfTheSameTakeAgreeUpToTheThoraxApproximation()
    {
        // Two independent readers of 01_01: the cgspeed BVH (thorax approximated) and CMU's AMC
        // (exact thorax). README: they differ by up to 5.3 mm at neck, head and arms, by design;
        // the legs and hips come from identical chains and agree to rounding.
        var bvh = CmuMocap.FromBvh(_mb);
        var amc = CmuMocap.ReadAmc(CmuData.Raw("01.asf"), CmuData.Raw("01_01.amc"));
        Assert.AreEqual(amc.FrameCount, bvh.FrameCount);
        var legs = new[] { "Hip", "RHip", "RKnee", "RFoot", "LHip", "LKnee", "LFoot" }.Select(bvh.Skeleton.IndexOf).ToArray();
        double legMax = 0, upperMax = 0;
        for (var f = 0; f < bvh.FrameCount; f++)
        {
            for (var j = 0; j < bvh.Skeleton.JointCount; j++)
            {
                var d = Distance(bvh.Position(f, j), amc.Position(f, j));
                if (legs.Contains(j)) legMax = Math.Max(legMax, d);
                else upperMax = Math.Max(upperMax, d);
            }
        }
        Console.WriteLine($"01_01 BVH vs AMC: legs max {legMax:0.000} mm, upper body max {upperMax:0.000} mm");
        Assert.IsLessThan(0.5, legMax);       // 4-decimal BVH values vs 6-digit AMC values
        Assert.IsLessThanOrEqualTo(5.5, upperMax); // README: ≤ 5.3 mm
        Assert.IsGreaterThan(1.0, upperMax);  // and the approximation is visible: the readers are not the same code path
    }

    [TestMethod]
    public void Names_FollowThePoseTables()
    {
        Assert.AreEqual(("CMU01", "Jump 01"), CmuTakes.NamesFor("/x/01_01.bvh"));
        Assert.AreEqual(("CMU131", "Hop 03"), CmuTakes.NamesFor("131_03.bvh"));
        Assert.AreEqual(("CMU61", "Salsa 09"), CmuTakes.NamesFor("61_09.amc"));
        Assert.AreEqual(("CMU86", "Take 02"), CmuTakes.NamesFor("86_02.bvh"));
        Assert.AreEqual(("dance", "Take"), CmuTakes.NamesFor("dance.bvh"));
        var clip = CmuMocap.FromBvh(_max, new CmuConversionOptions { Subject = "S", Action = "A" });
        Assert.AreEqual("S", clip.Subject);
        Assert.AreEqual("A", clip.Action);
    }

    [TestMethod]
    public void ToDataView_HasCanonicalColumns()
    {
        var clip = CmuMocap.FromBvh(_max);
        var view = clip.ToDataView();
        view.Columns().Require(PoseColumns.Pose3D, ColumnType.Float(17, 3));
        view.Columns().Require(PoseColumns.Subject, ColumnType.Text);
        view.Columns().Require(PoseColumns.Action, ColumnType.Text);
        view.Columns().Require(PoseColumns.Camera, ColumnType.Int());
        view.Columns().Require(PoseColumns.Frame, ColumnType.Int());
        Assert.AreEqual(clip.FrameCount, view.Rows);
        Assert.IsTrue(view.ReadInts(PoseColumns.Camera).All(c => c == PoseColumns.NoCamera));
        CollectionAssert.AreEqual(Enumerable.Range(0, clip.FrameCount).ToArray(), view.ReadInts(PoseColumns.Frame));
        CollectionAssert.AreEqual(clip.Positions.ToArray(), view.ReadFloats(PoseColumns.Pose3D));
    }

    [TestMethod]
    public void UnknownNaming_IsAnErrorListingTheExpectedJoints()
    {
        var bvh = BvhReader.Parse(new StringReader("HIERARCHY\nROOT A\n{\nOFFSET 0 0 0\nCHANNELS 3 Zrotation Yrotation Xrotation\n}\nMOTION\nFrames: 1\nFrame Time: 0.1\n0 0 0\n"), "odd.bvh");
        var e = Assert.ThrowsExactly<PoseML.Core.DataFormatException>(() => CmuMocap.FromBvh(bvh));
        StringAssert.Contains(e.Message, "odd.bvh");
        StringAssert.Contains(e.Message, "LeftUpLeg");
    }

    [TestMethod]
    public void CustomNaming_MapsOtherJointNamesAndIsChecked()
    {
        // The 3dsMax file read through a custom naming that spells the same joints: same result.
        var custom = new CmuBvhNaming("custom", CmuBvhNaming.ThreeDsMax.Joints);
        var expected = CmuMocap.FromBvh(_max);
        var actual = CmuMocap.FromBvh(_max, new CmuConversionOptions { Naming = custom });
        CollectionAssert.AreEqual(expected.Positions.ToArray(), actual.Positions.ToArray());
        var shortNaming = new CmuBvhNaming("short", ["LeftHip"]);
        Assert.ThrowsExactly<PoseML.Core.InvalidOptionException>(() => CmuMocap.FromBvh(_max, new CmuConversionOptions { Naming = shortNaming }));
        var wrong = new CmuBvhNaming("wrong", CmuBvhNaming.MotionBuilder.Joints);
        var e = Assert.ThrowsExactly<PoseML.Core.DataFormatException>(() => CmuMocap.FromBvh(_max, new CmuConversionOptions { Naming = wrong }));
        StringAssert.Contains(e.Message, "LeftUpLeg");
    }

    private static double Distance((float X, float Y, float Z) a, (float X, float Y, float Z) b)
    {
        double dx = a.X - b.X, dy = a.Y - b.Y, dz = a.Z - b.Z;
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }
}
