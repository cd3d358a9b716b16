using System.Numerics.Tensors;

namespace PoseML.Stages.DomainConversion;

/// <summary>The non-differentiable domain conversion: each heatmap's peak pixel, mapped to image pixels
/// (<see cref="HeatmapImageMapping"/>). Ties go to the first peak in row-major order (smallest y, then smallest x);
/// a map containing NaN gives NaN. No gradient flows through it: use <see cref="SoftArgmax"/> to train end to end.</summary>
public static class HeatmapArgmax
{
    /// <summary>Peak coordinates of every map.</summary>
    /// <param name="heatmaps">Row-major [maps, height, width].</param>
    /// <param name="height">Map height H.</param>
    /// <param name="width">Map width W.</param>
    /// <param name="coordinates">Written: [maps, 2] image (x, y).</param>
    /// <param name="mapping">Heatmap-to-image mapping; null: identity.</param>
    public static void Forward(ReadOnlySpan<float> heatmaps, int height, int width, Span<float> coordinates, HeatmapImageMapping? mapping = null)
    {
        var maps = SoftArgmax.CheckShapes(heatmaps.Length, height, width, coordinates.Length, 2, "coordinates", 1, HeatmapNormalization.Sum);
        mapping ??= HeatmapImageMapping.Identity;
        mapping.Validate();
        SoftArgmax.Run(heatmaps, coordinates, maps, height, width, 2, (map, output, _) =>
        {
            Peak(map, width, out var x, out var y);
            output[0] = mapping.MapX(x);
            output[1] = mapping.MapY(y);
        });
    }

    /// <summary>The first maximum of one [H, W] map in row-major order, in heatmap pixels; NaN when the map has a NaN.</summary>
    internal static void Peak(ReadOnlySpan<float> map, int width, out float x, out float y)
    {
        var max = TensorPrimitives.Max(map); // NaN when the map has a NaN
        if (float.IsNaN(max))
        {
            x = y = float.NaN;
            return;
        }
        var index = map.IndexOf(max);
        x = index % width;
        y = index / width;
    }
}
