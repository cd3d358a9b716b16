using System.Runtime.InteropServices;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Synthetic;
using PoseML.Data.View;

namespace PoseML.Tests.Data.Synthetic;

[TestClass]
public sealed class SyntheticMotionTests
{
    private const int J = 17;
    private static SyntheticDataset _data = null!;
    private static float[] _world = null!;

    [ClassInitialize]
    public static void Generate(TestContext _)
    {
        _data = SyntheticMotion.Generate(new SyntheticMotionOptions { Seed = 11, FramesPerTake = 300 });
        _world = _data.World.ReadFloats(PoseColumns.Pose3D);
    }

    private static double Distance(float[] p, int row, int a, int b)
    {
        double dx = p[(row * J + a) * 3] - p[(row * J + b) * 3];
        double dy = p[(row * J + a) * 3 + 1] - p[(row * J + b) * 3 + 1];
        double dz = p[(row * J + a) * 3 + 2] - p[(row * J + b) * 3 + 2];
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }

    private static (double X, double Y, double Z) Vector(float[] p, int row, int from, int to) =>
        (p[(row * J + to) * 3] - p[(row * J + from) * 3], p[(row * J + to) * 3 + 1] - p[(row * J + from) * 3 + 1], p[(row * J + to) * 3 + 2] - p[(row * J + from) * 3 + 2]);

    private static double AngleDegrees((double X, double Y, double Z) a, (double X, double Y, double Z) b) =>
        Math.Acos(Math.Clamp((a.X * b.X + a.Y * b.Y + a.Z * b.Z) / Math.Sqrt((a.X * a.X + a.Y * a.Y + a.Z * a.Z) * (b.X * b.X + b.Y * b.Y + b.Z * b.Z)), -1, 1)) * 180 / Math.PI;

    [TestMethod]
    public void Generate_HasAtLeastSixSubjectsAndTenActions()
    {
        Assert.IsTrue(_data.World.DistinctTexts(PoseColumns.Subject).Length >= 6);
        Assert.IsTrue(_data.World.DistinctTexts(PoseColumns.Action).Length >= 10);
        Assert.AreEqual(6 * Enum.GetValues<SyntheticAction>().Length * 300, _data.World.Rows);
        CollectionAssert.Contains(_data.World.DistinctTexts(PoseColumns.Action), "Walk 1");
        CollectionAssert.Contains(_data.World.DistinctTexts(PoseColumns.Subject), "SynthS6");
    }

    [TestMethod]
    public void Generate_SameSeed_SameBits_DifferentSeed_DifferentPoses()
    {
        var options = new SyntheticMotionOptions { Seed = 5, Subjects = 2, FramesPerTake = 40, Actions = [SyntheticAction.Walk, SyntheticAction.Throw] };
        var a = SyntheticMotion.Generate(options).World.ReadFloats(PoseColumns.Pose3D);
        var b = SyntheticMotion.Generate(options).World.ReadFloats(PoseColumns.Pose3D);
        var c = SyntheticMotion.Generate(options with { Seed = 6 }).World.ReadFloats(PoseColumns.Pose3D);
        Assert.IsTrue(MemoryMarshal.AsBytes(a.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(b.AsSpan())));
        Assert.IsFalse(a.AsSpan().SequenceEqual(c));
    }

    [TestMethod]
    public void Generate_SubjectDoesNotDependOnSubjectCount()
    {
        var options = new SyntheticMotionOptions { Seed = 5, Subjects = 3, FramesPerTake = 20, Actions = [SyntheticAction.Jump] };
        var three = SyntheticMotion.Generate(options).World.ReadFloats(PoseColumns.Pose3D);
        var one = SyntheticMotion.Generate(options with { Subjects = 1 }).World.ReadFloats(PoseColumns.Pose3D);
        Assert.IsTrue(three.AsSpan(0, one.Length).SequenceEqual(one));
    }

    [TestMethod]
    public void Generate_FrameRateSamplesTheSameRealTimeMotion()
    {
        // The motion is a function of time: frame 50 at 50 fps and frame 30 at 30 fps are both t = 1 s.
        var options = new SyntheticMotionOptions { Seed = 2, Subjects = 1, FramesPerTake = 60, Actions = [SyntheticAction.Wave] };
        var at50 = SyntheticMotion.Generate(options).World.ReadFloats(PoseColumns.Pose3D);
        var at30 = SyntheticMotion.Generate(options with { FramesPerSecond = 30, FramesPerTake = 36 }).World.ReadFloats(PoseColumns.Pose3D);
        // 60 vs 36 frames change the take duration, which only the jump uses; Wave is unaffected.
        CollectionAssert.AreEqual(at50.AsSpan(50 * J * 3, J * 3).ToArray(), at30.AsSpan(30 * J * 3, J * 3).ToArray());
    }

    [TestMethod]
    public void BoneLengths_ConstantWithinSubject_DifferentAcrossSubjects()
    {
        var skeleton = PoseML.Data.Skeletons.Human36M17;
        var bones = skeleton.Bones.ToArray();
        var perSubject = new List<double[]>();
        foreach (var subject in _data.Takes.GroupBy(t => t.Subject))
        {
            var first = subject.First().FirstRow;
            var reference = bones.Select(b => Distance(_world, first, b.Child, b.Parent)).ToArray();
            perSubject.Add(reference);
            foreach (var take in subject)
            {
                for (var r = take.FirstRow; r < take.FirstRow + take.FrameCount; r++)
                {
                    for (var i = 0; i < bones.Length; i++)
                    {
                        // float positions of ≤ 2.5 m: each coordinate within 1.2e-4 mm, a length within ~4e-4 mm.
                        var d = Distance(_world, r, bones[i].Child, bones[i].Parent);
                        Assert.AreEqual(reference[i], d, 1e-3, $"{take.Subject} {take.ActionName} frame {r - take.FirstRow} bone {skeleton.JointNames[bones[i].Child]}");
                    }
                }
            }
        }
        for (var a = 0; a < perSubject.Count; a++)
        {
            for (var b = a + 1; b < perSubject.Count; b++)
                Assert.IsTrue(perSubject[a].Zip(perSubject[b]).Max(p => Math.Abs(p.First - p.Second)) > 5, $"subjects {a + 1} and {b + 1} have the same body");
        }
        var heights = _data.Bodies.Select(b => b.Height).ToArray();
        Assert.IsTrue(heights.All(h => h is >= 1500 and <= 1950));
        Assert.IsTrue(heights.Max() - heights.Min() > 250, "heights should spread over the 1.5–1.95 m range");
    }

    [TestMethod]
    public void KneesAndElbows_StayWithinHingeRange_KneesBendBackwards()
    {
        for (var r = 0; r < _data.World.Rows; r++)
        {
            foreach (var (hip, knee, foot, otherHip) in new[] { (1, 2, 3, 4), (4, 5, 6, 1) })
            {
                var thigh = Vector(_world, r, hip, knee);
                var shin = Vector(_world, r, knee, foot);
                var flexion = AngleDegrees(thigh, shin);
                Assert.IsTrue(flexion <= 150 + 1e-2, $"row {r}: knee flexion {flexion:F2}° beyond 150°");
                if (flexion > 15)
                {
                    // The rotation from thigh to shin turns about the body's left (−right) axis: the shank folds backwards.
                    var right = hip == 1 ? Vector(_world, r, otherHip, hip) : Vector(_world, r, hip, otherHip);
                    var axis = (thigh.Y * shin.Z - thigh.Z * shin.Y, thigh.Z * shin.X - thigh.X * shin.Z, thigh.X * shin.Y - thigh.Y * shin.X);
                    Assert.IsTrue(axis.Item1 * right.X + axis.Item2 * right.Y + axis.Item3 * right.Z < 0, $"row {r}: knee bends forwards");
                }
            }
            foreach (var (shoulder, elbow, wrist) in new[] { (11, 12, 13), (14, 15, 16) })
            {
                var flexion = AngleDegrees(Vector(_world, r, shoulder, elbow), Vector(_world, r, elbow, wrist));
                Assert.IsTrue(flexion <= 150 + 1e-2, $"row {r}: elbow flexion {flexion:F2}° beyond 150°");
            }
        }
    }

    [TestMethod]
    public void Trajectories_AreSmoothAndPhysicallyPaced()
    {
        var fps = _data.Options.FramesPerSecond;
        const double MaxSpeed = 12_000; // mm/s: faster than a kicking foot or throwing hand of these motions
        foreach (var take in _data.Takes)
        {
            double sumVelocity = 0, sumAcceleration = 0;
            for (var r = take.FirstRow + 1; r < take.FirstRow + take.FrameCount; r++)
            {
                for (var j = 0; j < J * 3; j++)
                {
                    var v = _world[r * J * 3 + j] - _world[(r - 1) * J * 3 + j];
                    sumVelocity += Math.Abs(v);
                    if (r > take.FirstRow + 1)
                        sumAcceleration += Math.Abs(v - (_world[(r - 1) * J * 3 + j] - _world[(r - 2) * J * 3 + j]));
                }
                for (var j = 0; j < J; j++)
                {
                    var step = Math.Sqrt(Enumerable.Range(0, 3).Sum(d => Math.Pow(_world[(r * J + j) * 3 + d] - _world[((r - 1) * J + j) * 3 + d], 2)));
                    Assert.IsTrue(step * fps < MaxSpeed, $"{take.Subject} {take.ActionName} frame {r - take.FirstRow} joint {j}: {step * fps / 1000:F1} m/s");
                }
            }
            // Smooth motion sampled at 50 fps changes velocity little from frame to frame (ratio ≈ 2πf/fps ≈ 0.1–0.3 for
            // 1–2 Hz movement); frame-to-frame jitter would make it ≥ 1.
            Assert.IsTrue(sumAcceleration < 0.5 * sumVelocity, $"{take.Subject} {take.ActionName}: second differences {sumAcceleration:F0} vs first {sumVelocity:F0}");
        }
    }

    [TestMethod]
    public void Feet_TouchButNeverSinkThroughTheFloor()
    {
        foreach (var take in _data.Takes)
        {
            var ankle = _data.Bodies.Single(b => b.Subject == take.Subject).AnkleHeight;
            var grounded = 0;
            for (var r = take.FirstRow; r < take.FirstRow + take.FrameCount; r++)
            {
                var lowest = Math.Min(_world[(r * J + 3) * 3 + 2], _world[(r * J + 6) * 3 + 2]);
                Assert.IsTrue(lowest >= ankle - 1e-2, $"{take.Subject} {take.ActionName}: ankle below its height above the floor");
                if (lowest < ankle + 1e-2) grounded++;
            }
            var minimum = take.Action is SyntheticAction.Jump or SyntheticAction.Run ? 0.3 : 0.999;
            Assert.IsTrue(grounded >= minimum * take.FrameCount, $"{take.Subject} {take.ActionName}: feet on the floor in {grounded} of {take.FrameCount} frames");
        }
    }

    [TestMethod]
    public void Subjects_TravelAndTurn()
    {
        var fps = _data.Options.FramesPerSecond;
        foreach (var take in _data.Takes.Where(t => t.Action is SyntheticAction.Walk or SyntheticAction.Run or SyntheticAction.Turn))
        {
            double turned = 0, travelled = 0;
            for (var r = take.FirstRow + 1; r < take.FirstRow + take.FrameCount; r++)
            {
                // Facing = the left-hip → right-hip direction turned by 90° about Z (world Z up).
                var a = Vector(_world, r - 1, 4, 1);
                var b = Vector(_world, r, 4, 1);
                turned += Math.Atan2(a.X * b.Y - a.Y * b.X, a.X * b.X + a.Y * b.Y) * 180 / Math.PI;
                travelled += Math.Sqrt(Math.Pow(_world[r * J * 3] - _world[(r - 1) * J * 3], 2) + Math.Pow(_world[r * J * 3 + 1] - _world[(r - 1) * J * 3 + 1], 2));
            }
            var seconds = (take.FrameCount - 1) / fps;
            Assert.IsTrue(Math.Abs(turned) > 45, $"{take.Subject} {take.ActionName}: heading changed by {turned:F0}° in total");
            if (take.Action != SyntheticAction.Turn)
                Assert.IsTrue(travelled / seconds > 800, $"{take.Subject} {take.ActionName}: {travelled / seconds:F0} mm/s");
        }
    }

    [TestMethod]
    public void CameraViews_KeepSubjectsInFrontAndMostlyInsideTheImage()
    {
        var view = _data.Cameras.Cache();
        Assert.AreEqual(4L * _data.World.Rows, view.Rows);
        var pose = view.ReadFloats(PoseColumns.Pose3D);
        var keypoints = view.ReadFloats(PoseColumns.Keypoints2D);
        var cameras = view.ReadInts(PoseColumns.Camera);
        var inside = 0;
        for (var i = 0; i < view.Rows * J; i++)
        {
            Assert.IsTrue(pose[3 * i + 2] > 1000, "every joint at least 1 m in front of every camera");
            var k = _data.Rig.Cameras[cameras[i / J]].Intrinsics;
            if (keypoints[2 * i] >= 0 && keypoints[2 * i] < k.Width && keypoints[2 * i + 1] >= 0 && keypoints[2 * i + 1] < k.Height) inside++;
        }
        Assert.IsTrue(inside >= 0.97 * view.Rows * J, $"only {100.0 * inside / (view.Rows * J):F1}% of keypoints inside the image");
        CollectionAssert.AreEqual(Enumerable.Repeat(1f, J).ToArray(), view.ReadFloats(PoseColumns.Confidence).Take(J).ToArray());
    }

    [TestMethod]
    public void CameraView_IsTheRigProjectionOfTheWorldView()
    {
        var camera = _data.Rig.Cameras[2];
        var view = _data.Camera(2).Take(5, skip: 1234).Cache();
        var expected = new float[5 * J * 3];
        var pixels = new float[5 * J * 2];
        camera.ProjectWorld(_world.AsSpan(1234 * J * 3, 5 * J * 3), expected, pixels);
        CollectionAssert.AreEqual(expected, view.ReadFloats(PoseColumns.Pose3D));
        CollectionAssert.AreEqual(pixels, view.ReadFloats(PoseColumns.Keypoints2D));
        CollectionAssert.AreEqual(Enumerable.Repeat(2, 5).ToArray(), view.ReadInts(PoseColumns.Camera));
    }

    [TestMethod]
    public void Generate_RejectsBadOptions()
    {
        Assert.ThrowsExactly<InvalidOptionException>(() => SyntheticMotion.Generate(new SyntheticMotionOptions { Subjects = 0 }));
        Assert.ThrowsExactly<InvalidOptionException>(() => SyntheticMotion.Generate(new SyntheticMotionOptions { FramesPerTake = 0 }));
        Assert.ThrowsExactly<InvalidOptionException>(() => SyntheticMotion.Generate(new SyntheticMotionOptions { FramesPerSecond = 0 }));
        Assert.ThrowsExactly<InvalidOptionException>(() => SyntheticMotion.Generate(new SyntheticMotionOptions { Actions = [] }));
    }

    [TestMethod]
    public void DefaultDataset_HasCanonicalColumns()
    {
        var view = SyntheticDatasets.Default(seed: 1);
        Assert.AreEqual(4L * 6 * Enum.GetValues<SyntheticAction>().Length * 500, view.RowCount());
        view.Columns().Require(PoseColumns.Pose3D, ColumnType.Float(17, 3));
        view.Columns().Require(PoseColumns.Keypoints2D, ColumnType.Float(17, 2));
        view.Columns().Require(PoseColumns.Confidence, ColumnType.Float(17));
        view.Columns().Require(PoseColumns.Camera, ColumnType.Int());
        view.Columns().Require(PoseColumns.Frame, ColumnType.Int());
        view.Columns().Require(PoseColumns.Subject, ColumnType.Text);
        view.Columns().Require(PoseColumns.Action, ColumnType.Text);
    }
}
