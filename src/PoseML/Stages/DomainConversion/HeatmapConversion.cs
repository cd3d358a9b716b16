using System.Numerics.Tensors;

namespace PoseML.Stages.DomainConversion;

/// <summary>The domain conversion of a batch of rows as the stage runs it in process (its ONNX saved form computes the same):
/// keypoints by soft-argmax or argmax and, optionally, each map's confidence.</summary>
internal static class HeatmapConversion
{
    /// <summary>Converts <paramref name="maps"/> ([rows·J, H, W]) to <paramref name="keypoints"/> ([rows·J, 2], image
    /// pixels) and, unless <paramref name="confidence"/> is empty, each map's peak clamped to [0, 1] (0 where the
    /// keypoint is NaN) into <paramref name="confidence"/> ([rows·J]).</summary>
    public static void Compute(DomainConversionOptions options, ReadOnlySpan<float> maps, int height, int width, Span<float> keypoints, Span<float> confidence)
    {
        var mapping = options.Mapping;
        if (options.Method == DomainConversionMethod.SoftArgmax)
            SoftArgmax.Forward(maps, height, width, keypoints, options.Normalization, options.Beta, mapping);
        else
            HeatmapArgmax.Forward(maps, height, width, keypoints, mapping);
        var size = height * width;
        for (var m = 0; m < confidence.Length; m++)
        {
            var peak = TensorPrimitives.Max(maps.Slice(m * size, size));
            confidence[m] = float.IsNaN(keypoints[m * 2]) || float.IsNaN(peak) ? 0 : Math.Clamp(peak, 0, 1);
        }
    }
}
