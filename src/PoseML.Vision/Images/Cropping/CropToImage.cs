using PoseML.Core;

namespace PoseML.Vision.Images.Cropping;

/// <summary>How an S×S crop sits in its original image, in <c>HeatmapImageMapping</c>'s convention (pixel
/// centres at integer coordinates): <c>x_orig = (x_crop + 0.5)·ScaleX − 0.5 + OffsetX</c>, same for y. The crop
/// covers the original region whose top-left corner is at (OffsetX − 0.5, OffsetY − 0.5) and whose size is
/// (S·ScaleX)×(S·ScaleY) pixels. Stored as the <see cref="ImageColumns.CropToImage"/> column
/// (ScaleX, ScaleY, OffsetX, OffsetY).</summary>
/// <param name="ScaleX">Original pixels per crop pixel along x.</param>
/// <param name="ScaleY">Original pixels per crop pixel along y.</param>
/// <param name="OffsetX">Original x of the crop region's left edge, plus 0.5.</param>
/// <param name="OffsetY">Original y of the crop region's top edge, plus 0.5.</param>
public readonly record struct CropToImage(float ScaleX, float ScaleY, float OffsetX, float OffsetY)
{
    /// <summary>Original-image x of crop x.</summary>
    public float ToImageX(float x) => (x + 0.5f) * ScaleX - 0.5f + OffsetX;

    /// <summary>Original-image y of crop y.</summary>
    public float ToImageY(float y) => (y + 0.5f) * ScaleY - 0.5f + OffsetY;

    /// <summary>Crop x of original-image x (the inverse of <see cref="ToImageX"/>).</summary>
    public float ToCropX(float x) => (x + 0.5f - OffsetX) / ScaleX - 0.5f;

    /// <summary>Crop y of original-image y (the inverse of <see cref="ToImageY"/>).</summary>
    public float ToCropY(float y) => (y + 0.5f - OffsetY) / ScaleY - 0.5f;

    /// <summary>The four values in column order (ScaleX, ScaleY, OffsetX, OffsetY).</summary>
    public void CopyTo(Span<float> destination)
    {
        destination[0] = ScaleX;
        destination[1] = ScaleY;
        destination[2] = OffsetX;
        destination[3] = OffsetY;
    }

    /// <summary>Reads the four column values (ScaleX, ScaleY, OffsetX, OffsetY).</summary>
    public static CropToImage From(ReadOnlySpan<float> values) => new(values[0], values[1], values[2], values[3]);

    /// <summary>The square of side <paramref name="side"/> original pixels centred on
    /// (<paramref name="centreX"/>, <paramref name="centreY"/>) (pixel-centre coordinates), seen as
    /// <paramref name="size"/>×<paramref name="size"/> crop pixels.</summary>
    /// <exception cref="InvalidOptionException">A non-positive or non-finite side or size, or a non-finite centre.</exception>
    public static CropToImage Square(double centreX, double centreY, double side, int size)
    {
        if (size <= 0) throw new InvalidOptionException("size", $"must be positive, got {size}");
        if (!(side > 0) || !double.IsFinite(side)) throw new InvalidOptionException("crop side", $"must be positive and finite, got {side}");
        if (!double.IsFinite(centreX) || !double.IsFinite(centreY)) throw new InvalidOptionException("crop centre", $"must be finite, got ({centreX}, {centreY})");
        var scale = side / size;
        // Region left edge in pixel-centre coordinates is centre − side/2; Offset = edge + 0.5.
        return new((float)scale, (float)scale, (float)(centreX - side / 2 + 0.5), (float)(centreY - side / 2 + 0.5));
    }

    /// <summary>The whole <paramref name="width"/>×<paramref name="height"/> image letterboxed into an S×S square:
    /// the longer side fills the square, the shorter one is centred with equal bands on both sides.</summary>
    public static CropToImage Letterbox(int width, int height, int size)
    {
        if (width <= 0 || height <= 0) throw new InvalidOptionException("image size", $"must be positive, got {width}x{height}");
        var side = Math.Max(width, height);
        return Square((width - 1) / 2.0, (height - 1) / 2.0, side, size);
    }

    /// <summary>The square around a box (pixel-centre coordinates, inclusive) enlarged by
    /// <paramref name="margin"/> (e.g. 1.25 = 25 % larger than the longer side).</summary>
    public static CropToImage AroundBox(double minX, double minY, double maxX, double maxY, double margin, int size)
    {
        var side = Math.Max(Math.Max(maxX - minX, maxY - minY), 1) * margin;
        return Square((minX + maxX) / 2, (minY + maxY) / 2, side, size);
    }

    /// <summary>The square around the joints with <paramref name="visibility"/> &gt; 0 and finite coordinates
    /// (<paramref name="keypoints"/> as x, y pairs), enlarged by <paramref name="margin"/>; null when no joint qualifies.</summary>
    public static CropToImage? AroundKeypoints(ReadOnlySpan<float> keypoints, ReadOnlySpan<float> visibility, double margin, int size)
    {
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (var j = 0; j < visibility.Length; j++)
        {
            if (!(visibility[j] > 0) || !float.IsFinite(keypoints[2 * j]) || !float.IsFinite(keypoints[2 * j + 1])) continue;
            minX = Math.Min(minX, keypoints[2 * j]);
            maxX = Math.Max(maxX, keypoints[2 * j]);
            minY = Math.Min(minY, keypoints[2 * j + 1]);
            maxY = Math.Max(maxY, keypoints[2 * j + 1]);
        }
        return minX > maxX ? null : AroundBox(minX, minY, maxX, maxY, margin, size);
    }
}
