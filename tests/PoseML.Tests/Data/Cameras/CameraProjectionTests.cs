using System.Globalization;
using PoseML.Core;
using PoseML.Data.Cameras;

namespace PoseML.Tests.Data.Cameras;

[TestClass]
public sealed class CameraProjectionTests
{
    // Values are computed in double and written as float: ~1e-4 px of rounding at 1000 px, ~5e-4 mm at 6 m.
    private const double PixelTolerance = 2e-3;
    private const double MillimetreTolerance = 2e-2;

    private static readonly CameraIntrinsics Simple = new(1000, 1000, 500, 400, 1000, 800,
        k1: 0.1, k2: 0.01, k3: 0.001, p1: 0.002, p2: -0.003);

    [TestMethod]
    [DataRow(ProjectionModel.Pinhole)]
    [DataRow(ProjectionModel.Distorted)]
    public void Project_PointOnOpticalAxis_LandsOnPrincipalPoint(ProjectionModel model)
    {
        var (u, v) = Simple.Project(0, 0, 3000, model);
        Assert.AreEqual(500, u, 1e-12);
        Assert.AreEqual(400, v, 1e-12);
    }

    [TestMethod]
    public void Project_Pinhole_IsFocalTimesRatioPlusCentre()
    {
        // x = 300/2000 = 0.15, y = -200/2000 = -0.1: u = 1000·0.15 + 500, v = 1000·(-0.1) + 400.
        var (u, v) = Simple.Project(300, -200, 2000, ProjectionModel.Pinhole);
        Assert.AreEqual(650, u, 1e-9);
        Assert.AreEqual(300, v, 1e-9);
    }

    [TestMethod]
    public void Project_Distorted_MatchesHuman36MFormulaByHand()
    {
        // x = 0.15, y = -0.1, r² = 0.0325
        // radial = 1 + 0.1·0.0325 + 0.01·0.0325² + 0.001·0.0325³ = 1.0032605968...
        // tan = p1·x + p2·y = 0.002·0.15 + (-0.003)·(-0.1) = 0.0006
        // x' = 0.15·(radial + tan) + p1·r² = 0.15064408952...,  y' = -0.1·(radial + tan) + p2·r² = -0.10048355968...
        var radial = 1 + 0.1 * 0.0325 + 0.01 * 0.0325 * 0.0325 + 0.001 * 0.0325 * 0.0325 * 0.0325;
        Assert.AreEqual(1.0032605968, radial, 1e-10);
        var (u, v) = Simple.Project(300, -200, 2000, ProjectionModel.Distorted);
        Assert.AreEqual(650.64408952, u, 1e-6);
        Assert.AreEqual(299.51644032, v, 1e-6);
    }

    [TestMethod]
    public void Project_Distorted_ClampsNormalisedCoordinatesToUnitSquare()
    {
        // x/z = 1.5 is clamped to 1 (VideoPose3D project_to_2d), so the result equals that of x/z = 1.
        var clamped = Simple.Project(3000, 0, 2000, ProjectionModel.Distorted);
        var edge = Simple.Project(2000, 0, 2000, ProjectionModel.Distorted);
        Assert.AreEqual(edge.U, clamped.U, 1e-9);
        Assert.AreNotEqual(Simple.Project(3000, 0, 2000, ProjectionModel.Pinhole).U, clamped.U);
    }

    [TestMethod]
    public void ProjectSpan_EqualsScalarProjection()
    {
        float[] points = [300, -200, 2000, -50, 80, 4000, 0, 0, 1000, 900, 700, 2500];
        var pixels = new float[8];
        Simple.Project(points, pixels);
        for (var i = 0; i < 4; i++)
        {
            var (u, v) = Simple.Project(points[3 * i], points[3 * i + 1], points[3 * i + 2]);
            Assert.AreEqual((float)u, pixels[2 * i]);
            Assert.AreEqual((float)v, pixels[2 * i + 1]);
        }
    }

    [TestMethod]
    public void ProjectSpan_RejectsMismatchedLengths()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Simple.Project(new float[6], new float[3]));
        Assert.ThrowsExactly<ArgumentException>(() => Simple.Project(new float[5], new float[2]));
    }

    [TestMethod]
    public void Intrinsics_RejectNonPositiveFocalLength()
    {
        Assert.ThrowsExactly<InvalidOptionException>(() => new CameraIntrinsics(0, 1000, 500, 500, 1000, 1000));
        Assert.ThrowsExactly<InvalidOptionException>(() => new CameraIntrinsics(1000, 1000, 500, 500, 0, 1000));
    }

    [TestMethod]
    public void H36MCameras_MatchIndependentVideoPose3DImplementation()
    {
        // Fixture: numpy re-implementation of VideoPose3D's world_to_camera and project_to_2d (in normalised
        // screen units, then image_coordinates), S1 extrinsics; see Fixtures/cameras/make_h36m_projection.py.
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "cameras", "h36m_projection.csv");
        var lines = File.ReadAllLines(path).Skip(1).ToArray();
        Assert.AreEqual(24, lines.Length);
        foreach (var line in lines)
        {
            var v = line.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            var camera = H36MCameras.Camera("S1", (int)v[0]);
            float[] world = [(float)v[1], (float)v[2], (float)v[3]];
            var cam = new float[3];
            var distorted = new float[2];
            var pinhole = new float[2];
            camera.ProjectWorld(world, cam, distorted);
            camera.Intrinsics.Project(cam, pinhole, ProjectionModel.Pinhole);
            for (var d = 0; d < 3; d++) Assert.AreEqual(v[4 + d], cam[d], MillimetreTolerance, $"camera coordinate {d}: {line}");
            Assert.AreEqual(v[7], distorted[0], PixelTolerance, line);
            Assert.AreEqual(v[8], distorted[1], PixelTolerance, line);
            Assert.AreEqual(v[9], pinhole[0], PixelTolerance, line);
            Assert.AreEqual(v[10], pinhole[1], PixelTolerance, line);
        }
    }

    [TestMethod]
    public void H36MCameras_VideoPose3DVector_IsNormalisedIntrinsics()
    {
        var vector = H36MCameras.Intrinsics(0).ToVideoPose3DVector();
        // f·2/w with w = 1000; c/w·2 − (1, h/w) with h = 1002.
        Assert.AreEqual(1145.0494384765625 * 2 / 1000, vector[0], 1e-6);
        Assert.AreEqual(1143.7811279296875 * 2 / 1000, vector[1], 1e-6);
        Assert.AreEqual(512.54150390625 * 2 / 1000 - 1, vector[2], 1e-6);
        Assert.AreEqual(515.4514770507812 * 2 / 1000 - 1.002, vector[3], 1e-6);
        Assert.AreEqual(-0.20709891617298126, vector[4], 1e-8);
        Assert.AreEqual(-0.00142447161488235, vector[8], 1e-8);
    }

    [TestMethod]
    public void H36MCameras_HaveVideoPose3DIdsAndSizes()
    {
        CollectionAssert.AreEqual(new[] { "54138969", "55011271", "58860488", "60457274" }, H36MCameras.Ids.ToArray());
        Assert.AreEqual(1002, H36MCameras.Intrinsics(0).Height);
        Assert.AreEqual(1000, H36MCameras.Intrinsics(1).Height);
        Assert.ThrowsExactly<InvalidOptionException>(() => H36MCameras.Intrinsics(4));
        Assert.ThrowsExactly<InvalidOptionException>(() => H36MCameras.Extrinsics("S2", 0));
    }
}
