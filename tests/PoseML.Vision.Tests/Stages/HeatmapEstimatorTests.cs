using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.MLNet;
using PoseML.Tests.MLNet;
using PoseML.Vision.Networks.Hourglass;
using PoseML.Vision.Stages.HeatmapEstimator;
using PoseML.Vision.Tests.Networks;
using static TorchSharp.torch;

namespace PoseML.Vision.Tests.Stages;

[TestClass]
public sealed class HeatmapEstimatorTests
{
    /// <summary>ONNX Runtime against TorchSharp (or PyTorch) on the same weights: both run float32 convolutions with their own
    /// algorithms and summation orders; the difference is a few ulps of activations of order 1 (see
    /// <see cref="StackedHourglassTests.PyTorchTolerance"/>), so the same 1e-4 absolute bound applies.</summary>
    private const float OnnxTolerance = StackedHourglassTests.PyTorchTolerance;

    private static readonly HeatmapEstimatorOptions Tiny = new()
    {
        Stacks = 2, Width = 8, Depth = 2, InputSize = 32, Epochs = 3, BatchSize = 8, ShufflePoolSize = 16, Seed = 3, InferenceBatchSize = 5, Threads = 1,
    };

    [TestMethod]
    public void KeepsTheStageContract()
    {
        var ml = new MLContext(seed: 1);
        var data = HeatmapTestData.View(ml, 24, seed: 4);
        var estimator = ml.Transforms.EstimateHeatmaps(Tiny);
        var model = estimator.Fit(data);
        var scored = model.Transform(data);

        // schema: the declared shape, and the type [J, S/4, S/4]
        var shape = estimator.GetOutputSchema(SchemaShapes.Of(data.Schema));
        var declared = shape.Single(c => c.Name == "Heatmaps");
        Assert.AreEqual(SchemaShape.Column.VectorKind.Vector, declared.Kind);
        Assert.AreEqual("Vector<Single, 2, 8, 8>", scored.Schema["Heatmaps"].Type.ToString());

        // in-process output is the network's prediction (batches of 5 rows, across the batch edge)
        var heatmaps = FreshProcess.Floats(scored, "Heatmaps");
        var images = FreshProcess.Floats(data, "Image");
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var direct = model.Network.Predict(tensor(images, [24, 3, 32, 32])).data<float>().ToArray();
            var worst = direct.Zip(heatmaps, (a, b) => Math.Abs(a - b)).Max();
            Assert.IsTrue(worst <= 1e-5f, $"batched transform against one forward pass: {worst}");
        }

        // a second Fit of the same estimator gives the same network bit for bit
        var again = FreshProcess.Floats(estimator.Fit(data).Transform(data), "Heatmaps");
        CollectionAssert.AreEqual(heatmaps, again, "same seed, same bits");

        // saved → loaded in a fresh process (nothing but mlContext.Model.Load: ONNX Runtime) → the same heatmaps
        var dir = Directory.CreateTempSubdirectory("poseml-hg-").FullName;
        try
        {
            var path = Path.Combine(dir, "model.zip");
            ml.Model.Save(model, data.Schema, path);
            var fresh = FreshProcess.Transform(ml, path, ml.Transforms.DropColumns("Small").Fit(data).Transform(data), dir);
            Assert.AreEqual(scored.Schema["Heatmaps"].Type.ToString(), fresh.Schema["Heatmaps"].Type.ToString());
            var loaded = FreshProcess.Floats(fresh, "Heatmaps");
            var worst = heatmaps.Zip(loaded, (a, b) => Math.Abs(a - b)).Max();
            Assert.IsTrue(worst <= OnnxTolerance, $"ONNX Runtime against TorchSharp: {worst}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        // bad input: missing image column, image of another size
        var without = ml.Transforms.DropColumns("Image").Fit(data).Transform(data);
        var missing = Assert.ThrowsExactly<SchemaMismatchException>(() => model.Transform(without));
        StringAssert.Contains(missing.Message, "'Image'");
        var small = ml.Transforms.DropColumns("Image").Append(ml.Transforms.CopyColumns("Image", "Small")).Fit(data).Transform(data);
        var wrong = Assert.ThrowsExactly<SchemaMismatchException>(() => model.Transform(small));
        StringAssert.Contains(wrong.Message, "float[3,32,32]");
        var fitMissing = Assert.ThrowsExactly<SchemaMismatchException>(() => estimator.Fit(ml.Transforms.DropColumns("Visibility").Fit(data).Transform(data)));
        StringAssert.Contains(fitMissing.Message, "Visibility");
    }

    [TestMethod]
    public void TrainingLowersTheLossAndReportsProgress()
    {
        var ml = new MLContext(seed: 1);
        var reports = new List<PipelineProgress>();
        ml.SetPoseProgress(new SyncProgress(reports.Add));
        var data = HeatmapTestData.View(ml, 32, seed: 5);
        var estimator = ml.Transforms.EstimateHeatmaps(Tiny with { Epochs = 6, LearningRate = 3e-3f });
        estimator.Fit(data);
        var losses = estimator.EpochLosses;
        Assert.AreEqual(6, losses.Count);
        // Targets are Gaussians of peak 1 on 8×8 maps (≈ 6 of 64 pixels above 0.1): the untrained network's output is far
        // from them, and six epochs of Adam must at least halve L_2d on this easy data.
        Assert.IsTrue(losses[^1] < 0.5 * losses[0], $"L_2d per epoch: {string.Join(", ", losses.Select(l => l.ToString("G3")))}");
        Assert.IsTrue(reports.Count >= 6 && reports.All(r => r.Stage == "HeatmapEstimator"));
        Assert.AreEqual(reports[^1].Total, reports[^1].Step, "the last report is complete");
    }

    [TestMethod]
    public void CancellationStopsTraining()
    {
        var ml = new MLContext(seed: 1);
        using var cts = new CancellationTokenSource();
        ml.SetPoseCancellation(cts.Token);
        ml.SetPoseProgress(new SyncProgress(_ => cts.Cancel()));
        var data = HeatmapTestData.View(ml, 32, seed: 5);
        Assert.ThrowsExactly<OperationCanceledException>(() => ml.Transforms.EstimateHeatmaps(Tiny with { Epochs = 50 }).Fit(data));
    }

    [TestMethod]
    public void TheSavedGraphGivesPyTorchsHeatmapsForTheFixtureWeights()
    {
        // the PyTorch fixture's weights, exported by our ONNX writer and run by ONNX Runtime through ML.NET
        var net = new StackedHourglass(StackedHourglassTests.FixtureShape);
        HourglassWeights.Load(net, Path.Combine(StackedHourglassTests.FixtureDir, "weights.safetensors"));
        var io = StackedHourglassTests.ReadFixture("io.safetensors");
        var ml = new MLContext(seed: 1);
        var input = io["input"].Floats!;
        var rows = Enumerable.Range(0, 2).Select(r => new FixtureRow { Image = input.AsSpan(r * 3 * 32 * 32, 3 * 32 * 32).ToArray() }).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows);
        var stage = new HeatmapTransformer(net, "Image", "Heatmaps", 4, data.Schema);
        var path = Path.Combine(Path.GetTempPath(), $"poseml-hg-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(stage, data.Schema, path);
            var loaded = FreshProcess.Floats(ml.Model.Load(path, out _).Transform(data), "Heatmaps");
            var expected = io["heatmaps"].Floats!; // [2, stacks 2, 4, 8, 8]: the last stack of each row
            var last = Enumerable.Range(0, 2).SelectMany(b => expected.Skip((b * 2 + 1) * 4 * 64).Take(4 * 64)).ToArray();
            var worst = last.Zip(loaded, (a, b) => Math.Abs(a - b)).Max();
            Assert.IsTrue(worst <= OnnxTolerance, $"ONNX Runtime against PyTorch: {worst}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void OptionsOutOfRangeAreRejected()
    {
        var ml = new MLContext(seed: 1);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOptionException>(() => ml.Transforms.EstimateHeatmaps(Tiny with { InputSize = 40 })).Message, "InputSize");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOptionException>(() => ml.Transforms.EstimateHeatmaps(Tiny with { Device = "tpu" })).Message, "Device");
        Assert.ThrowsExactly<InvalidOptionException>(() => ml.Transforms.EstimateHeatmaps(Tiny with { Sigma = 0 }));
    }

    private sealed class FixtureRow
    {
        [VectorType(3, 32, 32)]
        public float[] Image { get; set; } = [];
    }

    private sealed class SyncProgress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => report(value);
    }
}
