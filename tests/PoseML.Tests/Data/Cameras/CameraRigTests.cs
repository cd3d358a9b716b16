using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Cameras;
using PoseML.Data.Formats;
using PoseML.Data.View;

namespace PoseML.Tests.Data.Cameras;

[TestClass]
public sealed class CameraRigTests
{
    private static InMemoryDataView World(params float[][] poses) => new DataViewBuilder()
        .AddText(PoseColumns.Subject, poses.Select(_ => "A").ToArray())
        .AddText(PoseColumns.Action, poses.Select(_ => "Walk 1").ToArray())
        .AddInt(PoseColumns.Camera, poses.Select(_ => PoseColumns.NoCamera).ToArray())
        .AddInt(PoseColumns.Frame, Enumerable.Range(0, poses.Length).ToArray())
        .AddFloat(PoseColumns.Pose3D, poses.SelectMany(p => p).ToArray(), 2, 3)
        .Build();

    [TestMethod]
    public void FocusPoint_OfH36MS1_IsWhereTheCamerasLook()
    {
        // Least-squares point nearest the four optical axes (numpy, from VideoPose3D's S1 extrinsics).
        var f = H36MCameras.Rig().FocusPoint;
        Assert.AreEqual(-59.0, f.X, 1.0);
        Assert.AreEqual(320.3, f.Y, 1.0);
        Assert.AreEqual(411.9, f.Z, 1.0);
    }

    [TestMethod]
    public void ProjectCamera_ReplacesPoseAndAddsKeypointsAndConfidence()
    {
        var rig = H36MCameras.Rig();
        var camera = rig.Cameras[1];
        var world = World([0, 0, 900, 100, 50, 1000], [-300, 200, 400, 50, 60, 1700]);
        var view = rig.ProjectCamera(world, 1).Cache();
        Assert.AreEqual(2, view.Rows);
        Assert.AreEqual(ColumnType.Float(2, 2), view.Columns()[PoseColumns.Keypoints2D].Type);
        CollectionAssert.AreEqual(new[] { 1, 1 }, view.ReadInts(PoseColumns.Camera));
        CollectionAssert.AreEqual(new[] { "A", "A" }, view.ReadTexts(PoseColumns.Subject));
        var pose = view.ReadFloats(PoseColumns.Pose3D);
        var keypoints = view.ReadFloats(PoseColumns.Keypoints2D);
        var expectedCam = camera.Extrinsics.WorldToCamera(-300, 200, 400);
        Assert.AreEqual(expectedCam.X, pose[6], 1e-2);
        Assert.AreEqual(expectedCam.Z, pose[8], 1e-2);
        var (u, v) = camera.Intrinsics.Project(expectedCam.X, expectedCam.Y, expectedCam.Z);
        Assert.AreEqual(u, keypoints[4], 1e-3);
        Assert.AreEqual(v, keypoints[5], 1e-3);
        CollectionAssert.AreEqual(new[] { 1f, 1f, 1f, 1f }, view.ReadFloats(PoseColumns.Confidence));
    }

    [TestMethod]
    public void ProjectCamera_JointBehindCameraHasZeroConfidence()
    {
        var rig = H36MCameras.Rig();
        var e = rig.Cameras[0].Extrinsics;
        var behind = e.CameraToWorld(0, 0, -500);
        var view = rig.ProjectCamera(World([0, 0, 900, (float)behind.X, (float)behind.Y, (float)behind.Z]), 0).Cache();
        CollectionAssert.AreEqual(new[] { 1f, 0f }, view.ReadFloats(PoseColumns.Confidence));
    }

    [TestMethod]
    public void Project_IsCameraMajor()
    {
        var rig = H36MCameras.Rig();
        var view = rig.Project(World([0, 0, 900, 0, 0, 1000], [0, 0, 900, 0, 0, 1000], [0, 0, 900, 0, 0, 1000]));
        Assert.AreEqual(12L, view.RowCount());
        CollectionAssert.AreEqual(new[] { 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3 }, view.ReadInts(PoseColumns.Camera));
    }

    [TestMethod]
    public void ProjectCamera_RejectsBadSchemaAndCamera()
    {
        var rig = H36MCameras.Rig();
        var flat = new DataViewBuilder().AddFloat(PoseColumns.Pose3D, new float[8], 2, 2).Build();
        Assert.ThrowsExactly<SchemaMismatchException>(() => rig.ProjectCamera(flat, 0));
        Assert.ThrowsExactly<InvalidOptionException>(() => rig.ProjectCamera(World([0, 0, 0, 0, 0, 0]), 4));
    }

    [TestMethod]
    public void PlaceInRig_ConvertsYUpAndCentresEachSequencesRootRange()
    {
        // Y-up input: (x, y, z) → (x, −z, y); then the middle of the root's horizontal range goes to the
        // floor centre. Roots x = 1000, 1000, 1900 (range middle 1450, mean 1300); z = 2000, 2000, 2400.
        var rig = H36MCameras.Rig();
        var world = World([1000, 900, 2000, 1000, 1700, 2000], [1000, 920, 2000, 1000, 1720, 2000], [1900, 950, 2400, 1900, 1750, 2400]);
        var placed = world.PlaceInRig(rig).Cache().ReadFloats(PoseColumns.Pose3D);
        var (cx, cy) = rig.FloorCentre;
        Assert.AreEqual(cx, (placed[0] + placed[12]) / 2, 1e-2);
        Assert.AreEqual(cy, (placed[1] + placed[13]) / 2, 1e-2);
        Assert.AreEqual(900, placed[2], 1e-3);       // heights kept
        Assert.AreEqual(1750, placed[17], 1e-3);
        Assert.AreEqual(900, placed[12] - placed[0], 1e-2);  // x motion kept
        Assert.AreEqual(-400, placed[13] - placed[1], 1e-2); // +z (towards the viewer in Y-up) becomes −Y
    }

    [TestMethod]
    public void PlaceInRig_CentresSequencesIndependently()
    {
        var rig = H36MCameras.Rig();
        var world = new DataViewBuilder()
            .AddText(PoseColumns.Subject, ["A", "B"])
            .AddText(PoseColumns.Action, ["Walk 1", "Walk 1"])
            .AddFloat(PoseColumns.Pose3D, [5000, 900, -3000, 5000, 1700, -3000, -800, 850, 100, -800, 1650, 100], 2, 3)
            .Build();
        var placed = world.PlaceInRig(rig).Cache().ReadFloats(PoseColumns.Pose3D);
        var (cx, cy) = rig.FloorCentre;
        Assert.AreEqual(cx, placed[0], 1e-2);
        Assert.AreEqual(cy, placed[1], 1e-2);
        Assert.AreEqual(cx, placed[6], 1e-2);
        Assert.AreEqual(cy, placed[7], 1e-2);
        var unplaced = world.PlaceInRig(rig, new WorldPlacementOptions { CenterSequences = false }).Cache().ReadFloats(PoseColumns.Pose3D);
        CollectionAssert.AreEqual(new float[] { 5000, 3000, 900 }, unplaced.Take(3).ToArray());
    }

    [TestMethod]
    [DataRow("01_01.csv")]
    [DataRow("09_11.csv")]
    [DataRow("61_02.csv")]
    public void PlaceInRig_CmuTake_RootInFrontOfAndInsideEveryCamera(string take)
    {
        var rig = H36MCameras.Rig();
        var world = PoseCsv.Read(TestPaths.CmuPose(take)).Cache().PlaceInRig(rig);
        for (var c = 0; c < rig.Count; c++)
        {
            var view = rig.ProjectCamera(world, c).Cache();
            var pose = view.ReadFloats(PoseColumns.Pose3D);
            var keypoints = view.ReadFloats(PoseColumns.Keypoints2D);
            var k = rig.Cameras[c].Intrinsics;
            for (var r = 0; r < view.Rows; r++)
            {
                Assert.IsTrue(pose[r * 51 + 2] > 0, $"{take} camera {c} frame {r}: root behind the camera");
                var (u, v) = (keypoints[r * 34], keypoints[r * 34 + 1]);
                Assert.IsTrue(u >= 0 && u < k.Width && v >= 0 && v < k.Height, $"{take} camera {c} frame {r}: root at ({u}, {v}) outside the image");
            }
        }
    }
}
