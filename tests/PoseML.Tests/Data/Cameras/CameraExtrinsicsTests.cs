using PoseML.Core;
using PoseML.Data.Cameras;

namespace PoseML.Tests.Data.Cameras;

[TestClass]
public sealed class CameraExtrinsicsTests
{
    // Double arithmetic on millimetre values of a few metres: round trips agree to ~1e-9 mm.
    private const double DoubleTolerance = 1e-6;

    [TestMethod]
    public void WorldToCamera_ThenCameraToWorld_ReturnsThePoint()
    {
        var rng = new Random(7);
        foreach (var subject in H36MCameras.Subjects)
        {
            for (var c = 0; c < 4; c++)
            {
                var e = H36MCameras.Extrinsics(subject, c);
                for (var i = 0; i < 20; i++)
                {
                    var p = (X: rng.NextDouble() * 4000 - 2000, Y: rng.NextDouble() * 4000 - 2000, Z: rng.NextDouble() * 2000);
                    var cam = e.WorldToCamera(p.X, p.Y, p.Z);
                    var back = e.CameraToWorld(cam.X, cam.Y, cam.Z);
                    Assert.AreEqual(p.X, back.X, DoubleTolerance);
                    Assert.AreEqual(p.Y, back.Y, DoubleTolerance);
                    Assert.AreEqual(p.Z, back.Z, DoubleTolerance);
                    // A rotation keeps distances to the camera centre.
                    var d = Math.Sqrt(Math.Pow(p.X - e.PositionX, 2) + Math.Pow(p.Y - e.PositionY, 2) + Math.Pow(p.Z - e.PositionZ, 2));
                    Assert.AreEqual(d, Math.Sqrt(cam.X * cam.X + cam.Y * cam.Y + cam.Z * cam.Z), DoubleTolerance);
                }
            }
        }
    }

    [TestMethod]
    public void WorldToCameraSpan_RoundTripsWithinFloatPrecision()
    {
        var e = H36MCameras.Extrinsics("S1", 2);
        var world = Enumerable.Range(0, 17 * 3 * 5).Select(i => (float)((i * 37 % 3000) - 1500)).ToArray();
        var cam = new float[world.Length];
        var back = new float[world.Length];
        e.WorldToCamera(world, cam);
        e.CameraToWorld(cam, back);
        // float storage of ~6000 mm values: half an ulp is 2.4e-4 mm, twice over.
        for (var i = 0; i < world.Length; i++) Assert.AreEqual(world[i], back[i], 2e-3);
    }

    [TestMethod]
    public void WorldToCamera_CameraCentreIsOriginAndAxisIsZ()
    {
        var e = H36MCameras.Extrinsics("S1", 0);
        var o = e.WorldToCamera(e.PositionX, e.PositionY, e.PositionZ);
        Assert.AreEqual(0, o.X, DoubleTolerance);
        Assert.AreEqual(0, o.Z, DoubleTolerance);
        var d = e.ViewDirection;
        var ahead = e.WorldToCamera(e.PositionX + 1000 * d.X, e.PositionY + 1000 * d.Y, e.PositionZ + 1000 * d.Z);
        Assert.AreEqual(0, ahead.X, DoubleTolerance);
        Assert.AreEqual(0, ahead.Y, DoubleTolerance);
        Assert.AreEqual(1000, ahead.Z, DoubleTolerance);
    }

    [TestMethod]
    public void Quaternion_IsTheVideoPose3DCameraToWorldRotation()
    {
        // q = (cos 45°, 0, 0, sin 45°) turns camera X onto world Y (90° about Z): camera_to_world((1,0,0)) = (0,1,0) + t.
        var s = Math.Sqrt(0.5);
        var e = new CameraExtrinsics(s, 0, 0, s, 10, 20, 30);
        var w = e.CameraToWorld(1, 0, 0);
        Assert.AreEqual(10, w.X, DoubleTolerance);
        Assert.AreEqual(21, w.Y, DoubleTolerance);
        Assert.AreEqual(30, w.Z, DoubleTolerance);
    }

    [TestMethod]
    public void LookAt_TargetProjectsToPrincipalPointAndUpIsUp()
    {
        var e = CameraExtrinsics.LookAt((4000, -3000, 1500), (0, 0, 900), (0, 0, 1));
        var camera = new Camera("virtual", H36MCameras.Intrinsics(1), e);
        var target = e.WorldToCamera(0, 0, 900);
        Assert.AreEqual(0, target.X, 1e-6);
        Assert.AreEqual(0, target.Y, 1e-6);
        var above = e.WorldToCamera(0, 0, 1900);
        Assert.IsTrue(above.Y < 0, "a point above the target is higher in the image (camera Y points down)");
        var (u, v) = camera.Intrinsics.Project(target.X, target.Y, target.Z);
        Assert.AreEqual(camera.Intrinsics.Cx, u, 1e-6);
        Assert.AreEqual(camera.Intrinsics.Cy, v, 1e-6);
    }

    [TestMethod]
    public void Extrinsics_RejectZeroQuaternion() =>
        Assert.ThrowsExactly<InvalidOptionException>(() => new CameraExtrinsics(0, 0, 0, 0, 0, 0, 0));
}
