using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.View;
using PoseML.Tests.Cli;

namespace PoseML.Tests.Stages.DeepPoseConsensus;

[TestClass]
public sealed class TrainPredictCommandTests
{
    private static string NewFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"poseml-lift-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    [TestMethod]
    public void TrainOnSynthFolder_ThenPredict_WritesRootRelativePoses()
    {
        var dir = NewFolder();
        try
        {
            var data = Path.Combine(dir, "synth");
            Assert.AreEqual(0, CliRunner.Run("data", "synth", "--out", data, "--subjects", "3", "--frames", "12").Code);
            var model = Path.Combine(dir, "model.zip");
            var (code, output, error) = CliRunner.Run("train", "--preset", "dpcn", "--train", data, "--out", model,
                "--epochs", "2", "--width", "16", "--blocks", "1", "--groups-size", "5", "--coverage", "2", "--batch-size", "32", "--seed", "3", "--onnx", Path.Combine(dir, "lifters.onnx"));
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(output, "best epoch");
            // The model is an ML.NET model; --onnx wrote the lifters' graph, the same one 'poseml export' reads back out of it.
            Assert.IsNotNull(new Microsoft.ML.MLContext(0).Model.Load(model, out _));
            Assert.AreEqual(0, CliRunner.Run("export", "--model", model, "--onnx", Path.Combine(dir, "exported.onnx")).Code);
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(dir, "lifters.onnx")), File.ReadAllBytes(Path.Combine(dir, "exported.onnx")));
            StringAssert.Contains(error, "[GroupLifters]", "progress (subscribed with mlContext.SetPoseProgress) goes to the error writer when redirected");
            Assert.IsTrue(File.Exists(model));

            var predicted = Path.Combine(dir, "poses3d.csv");
            var input = Path.Combine(data, "keypoints2d_cam0.csv");
            (code, output, error) = CliRunner.Run("predict", "--model", model, "--in", input, "--out", predicted);
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(output, "wrote");
            var poses = PoseCsv.Read(predicted);
            Assert.AreEqual(PoseCsv.Read(input).CountRows(), poses.CountRows());
            var values = poses.ReadFloats(PoseColumns.Pose3D);
            for (var r = 0; r < values.Length / 51; r++)
            {
                for (var c = 0; c < 3; c++) Assert.AreEqual(0f, values[r * 51 + c], "the root is at the origin");
            }

            (code, output, error) = CliRunner.Run("bench", "lift", "--model", model, "--in", input, "--frames", "40", "--batch", "1,16", "--repeats", "1");
            Assert.AreEqual(0, code, error);
            using var json = System.Text.Json.JsonDocument.Parse(output);
            var results = json.RootElement.GetProperty("results");
            Assert.AreEqual(2, results.GetArrayLength());
            Assert.IsTrue(results[1].GetProperty("frames_per_s").GetDouble() > 0);

            // A JSON preset (keys are the flags without '--'): settings left out keep the preset's defaults.
            var preset = Path.Combine(dir, "preset.json");
            File.WriteAllText(preset, """{"strategy": "body-parts", "width": 8, "epochs": 1, "batch-size": 32, "solver": "l1"}""");
            (code, output, error) = CliRunner.Run("train", "--preset", preset, "--train", data, "--out", Path.Combine(dir, "parts.zip"), "--test-subjects", "SynthS3");
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(output, "6 joint groups over 17 joints");
            StringAssert.Contains(output, "test: 624 frames (subjects SynthS3): MPJPE", "SynthS3 is held out: 13 actions × 12 frames × 4 cameras");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Train_UnknownPresetOrSource_IsAOneLineError()
    {
        var (code, _, error) = CliRunner.Run("train", "--preset", "nope", "--train", "synthetic", "--out", "x.zip");
        Assert.AreEqual(1, code);
        StringAssert.StartsWith(error, "poseml: error:");
        StringAssert.Contains(error, "nope");
        (code, _, error) = CliRunner.Run("train", "--train", "no/such/place", "--out", "x.zip");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "no/such/place");
        Assert.IsFalse(File.Exists("x.zip"));
    }

    [TestMethod]
    public void Predict_OldFormatModelIsRefusedInOneLine_OverflowingRowsAreACountedWarning()
    {
        var dir = NewFolder();
        try
        {
            var data = Path.Combine(dir, "synth");
            Assert.AreEqual(0, CliRunner.Run("data", "synth", "--out", data, "--subjects", "3", "--frames", "6").Code);
            var model = Path.Combine(dir, "model.zip");
            var (code, _, error) = CliRunner.Run("train", "--train", data, "--out", model, "--epochs", "1", "--width", "16", "--blocks", "1",
                "--groups-size", "5", "--coverage", "2", "--batch-size", "32");
            Assert.AreEqual(0, code, error);
            var input = Path.Combine(data, "keypoints2d_cam0.csv");
            var predicted = Path.Combine(dir, "poses3d.csv");

            // A model of PoseML's former own format (a zip with manifest.json) is refused in one line naming the file;
            // no output file.
            var old = Path.Combine(dir, "old.zip");
            using (var zip = System.IO.Compression.ZipFile.Open(old, System.IO.Compression.ZipArchiveMode.Create))
            using (var entry = new StreamWriter(zip.CreateEntry("manifest.json").Open()))
                entry.Write("""{"formatVersion": 1, "stages": []}""");
            (code, _, error) = CliRunner.Run("predict", "--model", old, "--in", input, "--out", predicted);
            Assert.AreEqual(1, code, error);
            StringAssert.StartsWith(error, "poseml: error: ");
            StringAssert.Contains(error, "old.zip");
            StringAssert.Contains(error, "no longer reads; retrain it with `poseml train`");
            Assert.AreEqual(1, error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, error);
            Assert.IsFalse(File.Exists(predicted));

            // A row whose keypoints overflow the network (float32): the joints without a finite estimate are
            // counted in a warning on stderr, not written silently as empty cells.
            var lines = File.ReadAllLines(input);
            var cells = lines[3].Split(',');
            var header = lines[0].Split(',');
            var huge = string.Join(",", cells.Select((c, i) => i >= 4 && !header[i].EndsWith("_c", StringComparison.Ordinal) ? "3e38" : c));
            var holes = Path.Combine(dir, "huge.csv");
            File.WriteAllLines(holes, [.. lines.Take(3), huge, .. lines.Skip(4)]);
            (code, _, error) = CliRunner.Run("predict", "--model", model, "--in", holes, "--out", predicted);
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(error, "poseml: warning: ");
            StringAssert.Contains(error, " not finite); they are empty cells in ");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
