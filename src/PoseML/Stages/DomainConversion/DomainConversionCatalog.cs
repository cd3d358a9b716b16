using Microsoft.ML;

namespace PoseML.Stages.DomainConversion;

/// <summary>The domain conversion (heatmaps → 2D keypoints) on <c>mlContext.Transforms</c>.</summary>
public static class DomainConversionCatalog
{
    /// <summary>Converts heatmaps to 2D keypoints in image pixels by soft-argmax or argmax (see
    /// <see cref="DomainConversionEstimator"/>); <paramref name="scale"/> is image pixels per heatmap pixel (e.g. 4 for
    /// 64×64 maps of a 256×256 crop). ML.NET argument order: output column first.</summary>
    public static DomainConversionEstimator ConvertHeatmapsToKeypoints(this TransformsCatalog catalog,
        string outputColumnName = DomainConversionDefaults.OutputColumnName, string inputColumnName = DomainConversionDefaults.InputColumnName,
        DomainConversionMethod method = DomainConversionDefaults.Method, float scale = 1) =>
        catalog.ConvertHeatmapsToKeypoints(new DomainConversionOptions
        {
            OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Method = method, ScaleX = scale, ScaleY = scale,
        });

    /// <summary>Converts heatmaps to 2D keypoints with every option (normalisation, β, scale and offset per axis, confidence column).</summary>
    public static DomainConversionEstimator ConvertHeatmapsToKeypoints(this TransformsCatalog catalog, DomainConversionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new DomainConversionEstimator(options);
    }
}
