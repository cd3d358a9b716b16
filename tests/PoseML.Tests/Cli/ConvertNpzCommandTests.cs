using PoseML.Data;
using PoseML.Data.Cameras;
using PoseML.Data.Formats;
using PoseML.Data.View;

namespace PoseML.Tests.Cli;

[TestClass]
public sealed class ConvertNpzCommandTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "npz", name);

    [TestMethod]
    public void ConvertNpzWithCamera_ProjectsEachSubjectThroughItsOwnRig()
    {
        var dir = Directory.CreateTempSubdirectory("poseml-npz").FullName;
        try
        {
            var output = Path.Combine(dir, "cam1.csv");
            var (code, _, err) = CliRunner.Run("data", "convert", "--from", "npz", "--in", Fixture("data_3d_small.npz"), "--out", output, "--camera", "1");
            Assert.AreEqual(0, code, err);

            // Independent expectation: the world poses of each subject through that subject's camera-1 extrinsics.
            var world = VideoPose3D.Read(Fixture("data_3d_small.npz")).Cache();
            var projected = PoseCsv.Read(output).Cache();
            Assert.AreEqual(world.Rows, projected.Rows);
            CollectionAssert.AreEquivalent(world.DistinctTexts(PoseColumns.Subject), projected.DistinctTexts(PoseColumns.Subject));
            CollectionAssert.AreEqual(Enumerable.Repeat(1, projected.Rows).ToArray(), projected.ReadInts(PoseColumns.Camera));
            foreach (var subject in world.DistinctTexts(PoseColumns.Subject))
            {
                var w = world.FilterByText(PoseColumns.Subject, s => s == subject).ReadFloats(PoseColumns.Pose3D);
                var expected = new float[w.Length];
                H36MCameras.Extrinsics(subject, 1).WorldToCamera(w, expected);
                var actual = projected.FilterByText(PoseColumns.Subject, s => s == subject).ReadFloats(PoseColumns.Pose3D);
                for (var i = 0; i < expected.Length; i++)
                    Assert.AreEqual(expected[i], actual[i], 1e-3f, $"{subject} element {i}: the CSV's shortest round-trip floats are exact, 1e-3 mm allows float rounding order");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void ConvertNpzWithCamera_Rejects2DFiles()
    {
        var (code, _, err) = CliRunner.Run("data", "convert", "--from", "npz", "--in", Fixture("data_2d_small.npz"), "--out", Path.Combine(Path.GetTempPath(), "never.csv"), "--camera", "0");
        Assert.AreEqual(1, code);
        StringAssert.Contains(err, "--camera");
    }
}
