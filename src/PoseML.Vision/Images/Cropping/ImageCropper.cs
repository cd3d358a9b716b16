using PoseML.Core;
using SkiaSharp;

namespace PoseML.Vision.Images.Cropping;

/// <summary>Resamples a region of a bitmap into an S×S square and converts it to RGB CHW floats in [0, 1].
/// Parts of the square outside the source image are black (0); transparent pixels are composited on black.</summary>
public static class ImageCropper
{
    /// <summary>Draws the region of <paramref name="source"/> that <paramref name="crop"/> describes into an
    /// <paramref name="size"/>×<paramref name="size"/> square (bilinear with mipmaps, so strong down-scaling does
    /// not alias) and writes it to <paramref name="chw"/> (3·S·S floats).</summary>
    /// <exception cref="ArgumentException"><paramref name="chw"/> is not 3·S·S long.</exception>
    public static void Crop(SKBitmap source, CropToImage crop, int size, Span<float> chw)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (size <= 0) throw new InvalidOptionException("size", $"must be positive, got {size}");
        using var target = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(target))
        {
            canvas.Clear(SKColors.Black);
            // Device (crop) coordinates = (source coordinates − Offset) / Scale, with pixel i covering [i, i+1).
            canvas.Scale(1 / crop.ScaleX, 1 / crop.ScaleY);
            canvas.Translate(-crop.OffsetX, -crop.OffsetY);
            using var image = SKImage.FromBitmap(source);
            var downscale = Math.Max(crop.ScaleX, crop.ScaleY) > 1.5f;
            var sampling = new SKSamplingOptions(SKFilterMode.Linear, downscale ? SKMipmapMode.Linear : SKMipmapMode.None);
            canvas.DrawImage(image, 0, 0, sampling);
        }
        ToChw(target, chw);
    }

    /// <summary>Converts an RGBA8888 bitmap (opaque or premultiplied on black) to CHW floats in [0, 1].</summary>
    /// <exception cref="ArgumentException">Wrong colour type or <paramref name="chw"/> length.</exception>
    public static void ToChw(SKBitmap bitmap, Span<float> chw)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        if (bitmap.ColorType != SKColorType.Rgba8888)
            throw new ArgumentException($"expected an Rgba8888 bitmap, got {bitmap.ColorType}", nameof(bitmap));
        var plane = bitmap.Width * bitmap.Height;
        if (chw.Length != 3 * plane)
            throw new ArgumentException($"a {bitmap.Width}x{bitmap.Height} image needs {3 * plane} values, got {chw.Length}", nameof(chw));
        ReadOnlySpan<byte> pixels = bitmap.GetPixelSpan();
        var rowBytes = bitmap.RowBytes;
        const float inv = 1f / 255f;
        var r = chw[..plane];
        var g = chw.Slice(plane, plane);
        var b = chw.Slice(2 * plane, plane);
        for (var y = 0; y < bitmap.Height; y++)
        {
            var row = pixels.Slice(y * rowBytes, bitmap.Width * 4);
            var o = y * bitmap.Width;
            for (var x = 0; x < bitmap.Width; x++)
            {
                r[o + x] = row[4 * x] * inv;
                g[o + x] = row[4 * x + 1] * inv;
                b[o + x] = row[4 * x + 2] * inv;
            }
        }
    }
}
