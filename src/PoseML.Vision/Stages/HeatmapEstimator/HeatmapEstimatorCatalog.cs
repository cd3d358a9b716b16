using Microsoft.ML;
using PoseML.MLNet;

namespace PoseML.Vision.Stages.HeatmapEstimator;

/// <summary>The heatmap estimator (images → joint heatmaps) on <c>mlContext.Transforms</c>.</summary>
public static class HeatmapEstimatorCatalog
{
    /// <summary>Trains a stacked hourglass mapping images (float[3,S,S]) to heatmaps (float[J,S/4,S/4]) on a view with image,
    /// keypoint, visibility and crop-mapping columns (see <see cref="HeatmapEstimator"/>). ML.NET argument order: output column first.</summary>
    public static HeatmapEstimator EstimateHeatmaps(this TransformsCatalog catalog,
        string outputColumnName = HeatmapEstimatorDefaults.OutputColumnName, string imageColumnName = HeatmapEstimatorDefaults.ImageColumnName,
        int inputSize = HeatmapEstimatorDefaults.InputSize, int stacks = HeatmapEstimatorDefaults.Stacks, int epochs = HeatmapEstimatorDefaults.Epochs,
        int? seed = null) =>
        catalog.EstimateHeatmaps(new HeatmapEstimatorOptions
        {
            OutputColumnName = outputColumnName, ImageColumnName = imageColumnName, InputSize = inputSize, Stacks = stacks, Epochs = epochs, Seed = seed,
        });

    /// <summary>The heatmap estimator with every option.</summary>
    public static HeatmapEstimator EstimateHeatmaps(this TransformsCatalog catalog, HeatmapEstimatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new HeatmapEstimator(PoseRun.For(catalog, "HeatmapEstimator"), options);
    }
}
