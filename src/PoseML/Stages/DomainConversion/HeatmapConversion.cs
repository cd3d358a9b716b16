using System.Numerics.Tensors;

namespace PoseML.Stages.DomainConversion;

/// <summary>The domain conversion of a batch of rows as the stage runs it in process (its ONNX saved form computes the same):
/// keypoints by soft-argmax or argmax and, optionally, each map's confidence.</summary>
internal static class HeatmapConversion
{
    /// <summary>Converts <paramref name="maps"/> ([rows·J, H, W]) to <paramref name="keypoints"/> ([rows·J, 2], image
    /// pixels) and, unless <paramref name="confidence"/> is empty, each map's peak clamped to [0, 1] (0 where the
    /// keypoint is NaN) into <paramref name="confidence"/> ([rows·J]).
    /// Then, unless <paramref name="rowMappings"/> is empty, maps each row's keypoints by its own (ScaleX, ScaleY, OffsetX,
    /// OffsetY) ([rows, 4]): <c>x' = (x + 0.5)·ScaleX − 0.5 + OffsetX</c> (NaN stays NaN).</summary>
    public static void Compute(DomainConversionOptions options, ReadOnlySpan<float> maps, int height, int width, Span<float> keypoints, Span<float> confidence,
        ReadOnlySpan<float> rowMappings = default)
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
        if (rowMappings.IsEmpty) return;
        var rows = rowMappings.Length / 4;
        var perRow = keypoints.Length / 2 / rows;
        for (var r = 0; r < rows; r++)
        {
            var m = new HeatmapImageMapping(rowMappings[r * 4], rowMappings[r * 4 + 1], rowMappings[r * 4 + 2], rowMappings[r * 4 + 3]);
            var k = keypoints.Slice(r * perRow * 2, perRow * 2);
            for (var j = 0; j < perRow; j++)
            {
                k[2 * j] = m.MapX(k[2 * j]);
                k[2 * j + 1] = m.MapY(k[2 * j + 1]);
            }
        }
    }
}
