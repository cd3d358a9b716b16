using PoseML.Cli;
using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.Synthetic;
using PoseML.Data.View;
using PoseML.Tests.Data.Cameras;

namespace PoseML.Tests.Data.Synthetic;

[TestClass]
public sealed class SynthCommandTests
{
    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "poseml-synth-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => PoseML.Tests.Cli.CliRunner.Run(args);

    [TestMethod]
    public void Synth_WritesTablesThatReadBackAsTheGeneratedData()
    {
        var dir = TempDir();
        try
        {
            var (code, _, err) = Run("data", "synth", "--out", dir, "--subjects", "2", "--frames", "12", "--seed", "4", "--fps", "30");
            Assert.AreEqual(0, code, err);
            var expected = SyntheticMotion.Generate(new SyntheticMotionOptions { Subjects = 2, FramesPerTake = 12, Seed = 4, FramesPerSecond = 30 });
            var rows = 2 * Enum.GetValues<SyntheticAction>().Length * 12;
            var world = PoseCsv.Read(Path.Combine(dir, "world.csv")).Cache();
            Assert.AreEqual(rows, world.Rows);
            CollectionAssert.AreEqual(expected.World.ReadFloats(PoseColumns.Pose3D), world.ReadFloats(PoseColumns.Pose3D));
            CollectionAssert.AreEqual(Enumerable.Repeat(PoseColumns.NoCamera, rows).ToArray(), world.ReadInts(PoseColumns.Camera));
            for (var c = 0; c < 4; c++)
            {
                var poses = PoseCsv.Read(Path.Combine(dir, $"poses3d_cam{c}.csv")).Cache();
                var keypoints = PoseCsv.Read(Path.Combine(dir, $"keypoints2d_cam{c}.csv")).Cache();
                var camera = expected.Camera(c).Cache();
                // "R" formatting round-trips floats exactly.
                CollectionAssert.AreEqual(camera.ReadFloats(PoseColumns.Pose3D), poses.ReadFloats(PoseColumns.Pose3D));
                CollectionAssert.AreEqual(camera.ReadFloats(PoseColumns.Keypoints2D), keypoints.ReadFloats(PoseColumns.Keypoints2D));
                CollectionAssert.AreEqual(Enumerable.Repeat(c, rows).ToArray(), keypoints.ReadInts(PoseColumns.Camera));
                CollectionAssert.AreEqual(camera.ReadTexts(PoseColumns.Action), keypoints.ReadTexts(PoseColumns.Action));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Project_CmuTake_WritesCameraTablesInFrontOfEveryCamera()
    {
        var dir = TempDir();
        try
        {
            var input = TestPaths.CmuPose("07_01.csv");
            var (code, _, err) = Run("data", "project", "--in", input, "--out", dir);
            Assert.AreEqual(0, code, err);
            var frames = PoseCsv.Read(input).CountRows();
            for (var c = 0; c < 4; c++)
            {
                var poses = PoseCsv.Read(Path.Combine(dir, $"poses3d_cam{c}.csv")).Cache();
                var keypoints = PoseCsv.Read(Path.Combine(dir, $"keypoints2d_cam{c}.csv")).Cache();
                Assert.AreEqual(frames, poses.Rows);
                Assert.AreEqual(frames, keypoints.Rows);
                var z = poses.ReadFloats(PoseColumns.Pose3D).Where((_, i) => i % 3 == 2);
                Assert.IsTrue(z.All(v => v > 1000), $"camera {c}: a joint closer than 1 m or behind");
                Assert.IsTrue(keypoints.ReadFloats(PoseColumns.Confidence).All(v => v == 1f));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Project_Rejects2DInputAndUnknownRig()
    {
        var dir = TempDir();
        try
        {
            Assert.AreEqual(0, Run("data", "synth", "--out", dir, "--subjects", "1", "--frames", "2").Code);
            var (code, _, err) = Run("data", "project", "--in", Path.Combine(dir, "keypoints2d_cam0.csv"), "--out", dir);
            Assert.AreEqual(CliApp.InputError, code);
            StringAssert.Contains(err, "expected a 3D pose table");
            (code, _, err) = Run("data", "project", "--in", Path.Combine(dir, "world.csv"), "--out", dir, "--cameras", "kinect");
            Assert.AreEqual(CliApp.InputError, code);
            StringAssert.Contains(err, "unknown rig 'kinect'");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
