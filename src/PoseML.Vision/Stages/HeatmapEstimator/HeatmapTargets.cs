using PoseML.Vision.Networks.Hourglass;

namespace PoseML.Vision.Stages.HeatmapEstimator;

/// <summary>The training targets of the heatmap estimator: for each labelled joint a Gaussian of peak 1 and standard
/// deviation σ (heatmap pixels) centred on the joint's heatmap coordinates, and a loss weight (0 for unlabelled joints).</summary>
/// <remarks>
/// Coordinates follow <c>HeatmapImageMapping</c>'s pixel-centre convention. The row's crop-to-image mapping
/// (sx, sy, ox, oy) gives x_image = (x_crop + 0.5)·sx − 0.5 + ox, so x_crop = (x_image − ox + 0.5)/sx − 0.5; heatmap
/// pixels are <see cref="HourglassShape.Stride"/> crop pixels: x_crop = (u + 0.5)·4 − 0.5, so u = (x_crop + 0.5)/4 − 0.5.
/// </remarks>
public static class HeatmapTargets
{
    /// <summary>Heatmap coordinates (u, v) of a joint at original image pixels (x, y), for a crop mapping
    /// (sx, sy, ox, oy) and heatmaps of <see cref="HourglassShape.Stride"/> crop pixels per heatmap pixel.</summary>
    public static (float U, float V) ToHeatmap(float x, float y, ReadOnlySpan<float> cropToImage)
    {
        var xc = (x - cropToImage[2] + 0.5f) / cropToImage[0] - 0.5f;
        var yc = (y - cropToImage[3] + 0.5f) / cropToImage[1] - 0.5f;
        return ((xc + 0.5f) / HourglassShape.Stride - 0.5f, (yc + 0.5f) / HourglassShape.Stride - 0.5f);
    }

    /// <summary>Fills one row's <paramref name="maps"/> ([J, size, size]) and <paramref name="weights"/> ([J]).</summary>
    /// <param name="keypoints">[J,2] original image pixels (NaN where unknown).</param>
    /// <param name="visibility">[J] (1 labelled, 0 not).</param>
    /// <param name="cropToImage">[4] (ScaleX, ScaleY, OffsetX, OffsetY).</param>
    /// <param name="size">Heatmap side.</param>
    /// <param name="sigma">Gaussian standard deviation, heatmap pixels.</param>
    /// <param name="maps">Output maps.</param>
    /// <param name="weights">Output loss weights.</param>
    public static void Fill(ReadOnlySpan<float> keypoints, ReadOnlySpan<float> visibility, ReadOnlySpan<float> cropToImage, int size, float sigma,
        Span<float> maps, Span<float> weights)
    {
        var joints = visibility.Length;
        maps.Clear();
        var inv = 1.0 / (2.0 * sigma * sigma);
        for (var j = 0; j < joints; j++)
        {
            float x = keypoints[2 * j], y = keypoints[2 * j + 1];
            if (!(visibility[j] > 0) || !float.IsFinite(x) || !float.IsFinite(y))
            {
                weights[j] = 0;
                continue;
            }
            weights[j] = 1;
            var (u, v) = ToHeatmap(x, y, cropToImage);
            var map = maps.Slice(j * size * size, size * size);
            for (var r = 0; r < size; r++)
            {
                var dy = r - (double)v;
                for (var c = 0; c < size; c++)
                {
                    var dx = c - (double)u;
                    map[r * size + c] = (float)Math.Exp(-(dx * dx + dy * dy) * inv);
                }
            }
        }
    }
}
