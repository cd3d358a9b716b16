using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Stages.DomainConversion;
using PoseML.Tests.MLNet;
using PoseML.Vision.Stages.HeatmapEstimator;

namespace PoseML.Vision.Tests.Stages;

[TestClass]
public sealed class HeatmapPipelineTests
{
    /// <summary>Keypoints after the loaded (ONNX Runtime) pipeline against the fitted one: heatmaps agree to ~1e-6
    /// (<see cref="HeatmapEstimatorTests"/>); a softmax soft-argmax over 64 pixels moves by far less than 1e-3 heatmap
    /// pixels for such changes, i.e. 1e-3 × 4 (crop) × 2 (original) = 8e-3 original pixels; 0.01 px is allowed.</summary>
    private const float PixelTolerance = 0.01f;

    [TestMethod]
    public void ImagesToKeypointsInOriginalPixelsLearnsAndSurvivesSaving()
    {
        var ml = new MLContext(seed: 2);
        var train = HeatmapTestData.View(ml, 48, seed: 11);
        var heatmaps = ml.Transforms.EstimateHeatmaps(new HeatmapEstimatorOptions
        {
            Stacks = 1, Width = 16, Depth = 2, InputSize = 32, Sigma = 1, Epochs = 12, BatchSize = 8, LearningRate = 3e-3f, Seed = 5, ShufflePoolSize = 48, Threads = 1,
        }).Fit(train);
        var test = HeatmapTestData.View(ml, 16, seed: 12);
        var withMaps = heatmaps.Transform(test);

        // learnt: argmax keypoints in original pixels are closer to the truth than the crop centre (the best constant
        // guess for squares placed uniformly) — on images the network has not seen
        var argmax = ml.Transforms.ConvertHeatmapsToKeypoints(new DomainConversionOptions
        {
            OutputColumnName = "Predicted", Method = DomainConversionMethod.Argmax, ScaleX = 4, ScaleY = 4, MappingColumnName = "CropToImage", ConfidenceColumnName = null,
        }).Fit(withMaps);
        var predicted = FreshProcess.Floats(argmax.Transform(withMaps), "Predicted");
        var truth = FreshProcess.Floats(test, "Keypoints2D");
        var centre = (15.5f + 0.5f) * HeatmapTestData.Crop[0] - 0.5f; // crop pixel 15.5 → original, before the offset
        double error = 0, baseline = 0;
        for (var i = 0; i < truth.Length; i += 2)
        {
            error += Math.Sqrt(Math.Pow(predicted[i] - truth[i], 2) + Math.Pow(predicted[i + 1] - truth[i + 1], 2));
            baseline += Math.Sqrt(Math.Pow(centre + HeatmapTestData.Crop[2] - truth[i], 2) + Math.Pow(centre + HeatmapTestData.Crop[3] - truth[i + 1], 2));
        }
        Console.WriteLine($"mean error {error / (truth.Length / 2):F2} px, crop-centre baseline {baseline / (truth.Length / 2):F2} px");
        Assert.IsTrue(error < 0.5 * baseline, $"mean error {error / (truth.Length / 2):F2} px against the crop centre's {baseline / (truth.Length / 2):F2} px");

        // one saved model, images → heatmaps → keypoints in original pixels, loaded in a fresh process
        var soft = ml.Transforms.ConvertHeatmapsToKeypoints(new DomainConversionOptions
        {
            Normalization = HeatmapNormalization.Softmax, ScaleX = 4, ScaleY = 4, MappingColumnName = "CropToImage",
        }).Fit(withMaps);
        var pipeline = new TransformerChain<ITransformer>(heatmaps, soft);
        var expected = FreshProcess.Floats(pipeline.Transform(test), "Keypoints2D");
        Assert.AreNotEqual(truth[0], expected[0], "the pipeline writes its own Keypoints2D");
        var dir = Directory.CreateTempSubdirectory("poseml-hg-pipeline-").FullName;
        try
        {
            var path = Path.Combine(dir, "pipeline.zip");
            ml.Model.Save(pipeline, test.Schema, path);
            var input = ml.Transforms.DropColumns("Small").Fit(test).Transform(test);
            var loaded = FreshProcess.Floats(FreshProcess.Transform(ml, path, input, dir), "Keypoints2D");
            var worst = expected.Zip(loaded, (a, b) => Math.Abs(a - b)).Max();
            Assert.IsTrue(worst <= PixelTolerance, $"loaded pipeline against fitted: {worst} px");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
