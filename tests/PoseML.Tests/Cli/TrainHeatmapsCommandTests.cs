using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Cli;
using PoseML.Tests.MLNet;

namespace PoseML.Tests.Cli;

[TestClass]
public sealed class TrainHeatmapsCommandTests
{
    private string _dir = "";

    [TestInitialize]
    public void Setup() => _dir = Directory.CreateTempSubdirectory("poseml-train-heatmaps-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private sealed class Row
    {
        [VectorType(3, 32, 32)]
        public float[] Image { get; set; } = [];

        [VectorType(2, 2)]
        public float[] Keypoints2D { get; set; } = [];

        [VectorType(2)]
        public float[] Visibility { get; set; } = [];

        [VectorType(4)]
        public float[] CropToImage { get; set; } = [];
    }

    /// <summary>Eight 32×32 images with two labelled points each (contract columns), written as an ML.NET binary view.</summary>
    private string WriteImages()
    {
        var rng = new Random(3);
        var rows = Enumerable.Range(0, 8).Select(_ => new Row
        {
            Image = Enumerable.Range(0, 3 * 32 * 32).Select(_ => (float)rng.NextDouble()).ToArray(),
            Keypoints2D = [rng.Next(32), rng.Next(32), rng.Next(32), rng.Next(32)],
            Visibility = [1, 1],
            CropToImage = [1, 1, 0, 0],
        }).ToArray();
        var ml = new MLContext(1);
        var path = Path.Combine(_dir, "images.idv");
        using var stream = File.Create(path);
        ml.Data.SaveAsBinary(ml.Data.LoadFromEnumerable(rows), stream);
        return path;
    }

    private static readonly string[] Tiny = ["--size", "32", "--stacks", "1", "--width", "8", "--depth", "2", "--epochs", "1", "--batch-size", "4", "--threads", "1"];

    [TestMethod]
    public void TrainsAndWritesAModelThatMapsImagesToHeatmaps()
    {
        var data = WriteImages();
        var model = Path.Combine(_dir, "hg.zip");
        var weights = Path.Combine(_dir, "hg.safetensors");
        var (code, output, error) = CliRunner.Run(["train-heatmaps", "--data", data, "--out", model, "--weights", weights, .. Tiny]);
        Assert.AreEqual(0, code, error + output);
        StringAssert.Contains(output, "L_2d per epoch");
        Assert.IsTrue(File.Exists(weights));
        var ml = new MLContext(1);
        var loaded = ml.Model.Load(model, out _);
        var heatmaps = FreshProcess.Floats(loaded.Transform(ml.Data.LoadFromBinary(data)), "Heatmaps");
        Assert.AreEqual(8 * 2 * 8 * 8, heatmaps.Length);
        Assert.IsTrue(heatmaps.All(float.IsFinite));
    }

    [TestMethod]
    public void CtrlCLeavesNoFile()
    {
        var data = WriteImages();
        var model = Path.Combine(_dir, "hg.zip");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var before = CliCancellation.Token;
        CliCancellation.Token = cancel.Token;
        try
        {
            var (code, _, error) = CliRunner.Run(["train-heatmaps", "--data", data, "--out", model, .. Tiny]);
            Assert.AreEqual(CliApp.Cancelled, code, error);
        }
        finally
        {
            CliCancellation.Token = before;
        }
        CollectionAssert.AreEquivalent(new[] { "images.idv" }, Directory.GetFiles(_dir).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void AnUnknownSourceIsAOneLineError()
    {
        var (code, _, error) = CliRunner.Run(["train-heatmaps", "--data", "nowhere:x", "--out", Path.Combine(_dir, "m.zip"), .. Tiny]);
        Assert.AreEqual(CliApp.InputError, code);
        StringAssert.Contains(error, "unknown image source 'nowhere'");
    }
}
