using PoseML.Core;

namespace PoseML.Stages.DomainConversion;

/// <summary>Maps heatmap coordinates to image pixels. Convention (used throughout PoseML): a pixel's centre has
/// integer coordinates, the top-left pixel's centre is (0, 0), x runs along columns and y along rows, in both the
/// heatmap and the image. A heatmap of W×H pixels covering an image region of (W·ScaleX)×(H·ScaleY) pixels whose
/// top-left corner is at (OffsetX − 0.5, OffsetY − 0.5) maps as <c>x_img = (x_hm + 0.5)·ScaleX − 0.5 + OffsetX</c>
/// (same for y), so the heatmap's pixel edges fall on image pixel edges. Example: a 64×64 map of a 256×256 crop at
/// (0, 0): ScaleX = ScaleY = 4, heatmap pixel centre 0 ↦ image 1.5 (the centre of image pixels 0–3).
/// Note that the paper's Eq. 13 numbers pixels from 1; PoseML numbers them from 0.</summary>
/// <param name="ScaleX">Image pixels per heatmap pixel along x (e.g. 256 / 64 = 4).</param>
/// <param name="ScaleY">Image pixels per heatmap pixel along y.</param>
/// <param name="OffsetX">Image x of the crop's top-left pixel centre (0 when the heatmap covers the whole image).</param>
/// <param name="OffsetY">Image y of the crop's top-left pixel centre.</param>
public sealed record HeatmapImageMapping(float ScaleX = 1, float ScaleY = 1, float OffsetX = 0, float OffsetY = 0)
{
    /// <summary>Heatmap coordinates are image coordinates (scale 1, offset 0).</summary>
    public static HeatmapImageMapping Identity { get; } = new();

    /// <summary>A heatmap of <paramref name="heatmapWidth"/>×<paramref name="heatmapHeight"/> covering a whole image (or
    /// crop at (0, 0)) of <paramref name="imageWidth"/>×<paramref name="imageHeight"/> pixels.</summary>
    public static HeatmapImageMapping ForImage(int heatmapWidth, int heatmapHeight, int imageWidth, int imageHeight)
    {
        if (heatmapWidth <= 0 || heatmapHeight <= 0 || imageWidth <= 0 || imageHeight <= 0)
            throw new InvalidOptionException("mapping", $"sizes must be positive, got heatmap {heatmapWidth}×{heatmapHeight}, image {imageWidth}×{imageHeight}");
        return new((float)imageWidth / heatmapWidth, (float)imageHeight / heatmapHeight);
    }

    /// <summary>Image x of heatmap x.</summary>
    public float MapX(float x) => (x + 0.5f) * ScaleX - 0.5f + OffsetX;

    /// <summary>Image y of heatmap y.</summary>
    public float MapY(float y) => (y + 0.5f) * ScaleY - 0.5f + OffsetY;

    /// <summary>Checks the scales are finite and positive and the offsets finite.</summary>
    public void Validate()
    {
        if (!(ScaleX > 0) || !float.IsFinite(ScaleX)) throw new InvalidOptionException(nameof(ScaleX), $"must be finite and > 0, got {ScaleX}");
        if (!(ScaleY > 0) || !float.IsFinite(ScaleY)) throw new InvalidOptionException(nameof(ScaleY), $"must be finite and > 0, got {ScaleY}");
        if (!float.IsFinite(OffsetX)) throw new InvalidOptionException(nameof(OffsetX), $"must be finite, got {OffsetX}");
        if (!float.IsFinite(OffsetY)) throw new InvalidOptionException(nameof(OffsetY), $"must be finite, got {OffsetY}");
    }
}
