using System.Globalization;
using Microsoft.ML;
using PoseML.Tests.MLNet;
using PoseML.Vision.Images;

namespace PoseML.Tests.Cli;

[TestClass]
public sealed class Image3DCommandTests
{
    /// <summary>The CSV writes coordinates with about seven significant digits (float round-trip is 9): a few hundred mm
    /// are exact to ~1e-4 mm; 0.01 mm is allowed.</summary>
    private const double CsvMillimetres = 0.01;

    private string _dir = "";

    [TestInitialize]
    public void Setup() => _dir = Directory.CreateTempSubdirectory("poseml-image3d-cli-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] TinyNetwork = ["--size", "32", "--stacks", "1", "--width", "8", "--depth", "2", "--epochs", "1", "--batch-size", "8", "--threads", "1"];

    [TestMethod]
    public void TrainComposePredictFromImageFilesAndEvaluateRenderedSubjects()
    {
        string P(string name) => Path.Combine(_dir, name);
        Run(["train-heatmaps", "--data", "rendered", "--subjects", "SynthS1", "--frames-per-action", "1", "--out", P("hg.zip"), .. TinyNetwork]);
        Run("train", "--train", "synthetic", "--stride", "50", "--epochs", "1", "--width", "128", "--preset", "martinez", "--out", P("lift.zip"));
        var composed = Run("compose-image3d", "--heatmaps", P("hg.zip"), "--lifter", P("lift.zip"), "--out", P("image3d.zip"));
        StringAssert.Contains(composed, "32×32 images → 3D poses");
        Run("data", "render", "--out", P("png"), "--count", "3", "--size", "48");

        Run("predict", "--images", P("png"), "--model", P("image3d.zip"), "--out", P("poses3d.csv"));
        var lines = File.ReadAllLines(P("poses3d.csv"));
        Assert.AreEqual(1 + 3, lines.Length, "a header and one pose per image");
        Assert.AreEqual(4 + 17 * 3, lines[0].Split(',').Length);

        // the CLI's poses are the saved model's poses on the same files, read in this process
        var ml = new MLContext(0);
        var model = ml.Model.Load(P("image3d.zip"), out _);
        var expected = FreshProcess.Floats(model.Transform(ml.Data.LoadImageFiles(P("png"), 32)), "PredictedPose3D");
        var written = lines.Skip(1).SelectMany(l => l.Split(',').Skip(4))
            .Select(v => v.Length == 0 ? float.NaN : float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.AreEqual(expected.Length, written.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (float.IsNaN(expected[i])) Assert.IsTrue(float.IsNaN(written[i]), $"value {i}: the model left it out, the CSV has {written[i]}");
            else Assert.AreEqual(expected[i], written[i], CsvMillimetres, $"value {i}");
        }

        var report = Run("evaluate-images", "--model", P("image3d.zip"), "--data", "rendered", "--subjects", "SynthS6", "--frames-per-action", "1");
        StringAssert.Contains(report, "52 images evaluated"); // 13 actions × 4 cameras × 1 frame
        StringAssert.Contains(report, "| Case 2: estimated 2D |");
        StringAssert.Contains(report, "| Case 1: true 2D |");
        StringAssert.Contains(report, "| LWrist |");
    }

    [TestMethod]
    public void PredictRefusesImagesForA2DModelAndNeedsOneInput()
    {
        var (code, _, error) = CliRunner.Run("predict", "--model", Path.Combine(_dir, "m.zip"), "--out", Path.Combine(_dir, "o.csv"));
        Assert.AreNotEqual(0, code);
        StringAssert.Contains(error, "give exactly one of --in (2D keypoints) and --images");
        Assert.IsFalse(File.Exists(Path.Combine(_dir, "o.csv")));
    }

    private static string Run(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(args);
        Assert.AreEqual(0, code, $"poseml {string.Join(' ', args)}: {error}{output}");
        return output;
    }
}
