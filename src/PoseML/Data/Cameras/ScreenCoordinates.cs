namespace PoseML.Data.Cameras;

/// <summary>VideoPose3D's screen-coordinate normalisation: pixel <c>[0, w]</c> maps to <c>[-1, 1]</c>
/// horizontally and the vertical axis is scaled by the same factor, so the aspect ratio is kept:
/// <c>n = p / w · 2 − (1, h / w)</c>; the inverse is <c>p = (n + (1, h / w)) · w / 2</c>.</summary>
public static class ScreenCoordinates
{
    /// <summary>Normalises one pixel position (VideoPose3D <c>normalize_screen_coordinates</c>).</summary>
    public static (float X, float Y) Normalize(float u, float v, int width, int height) =>
        (u / width * 2 - 1, v / width * 2 - (float)height / width);

    /// <summary>Maps one normalised position back to pixels (VideoPose3D <c>image_coordinates</c>).</summary>
    public static (float U, float V) ToImage(float x, float y, int width, int height) =>
        ((x + 1) * width / 2, (y + (float)height / width) * width / 2);

    /// <summary>Normalises N×2 pixel values (u, v pairs) into <paramref name="normalized"/>, allocation-free;
    /// the spans may be the same memory.</summary>
    /// <exception cref="ArgumentException">Lengths differ or are odd.</exception>
    public static void Normalize(ReadOnlySpan<float> pixels, Span<float> normalized, int width, int height)
    {
        Check(pixels, normalized, width, height);
        var scale = 2f / width;
        var offsetY = (float)height / width;
        for (var i = 0; i < pixels.Length; i += 2)
        {
            normalized[i] = pixels[i] * scale - 1;
            normalized[i + 1] = pixels[i + 1] * scale - offsetY;
        }
    }

    /// <summary>Maps N×2 normalised values back to pixels, allocation-free; the spans may be the same memory.</summary>
    /// <exception cref="ArgumentException">Lengths differ or are odd.</exception>
    public static void ToImage(ReadOnlySpan<float> normalized, Span<float> pixels, int width, int height)
    {
        Check(normalized, pixels, width, height);
        var scale = width / 2f;
        var offsetY = (float)height / width;
        for (var i = 0; i < normalized.Length; i += 2)
        {
            pixels[i] = (normalized[i] + 1) * scale;
            pixels[i + 1] = (normalized[i + 1] + offsetY) * scale;
        }
    }

    private static void Check(ReadOnlySpan<float> source, Span<float> destination, int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"image size must be positive, got {width}x{height}");
        if (source.Length % 2 != 0) throw new ArgumentException($"expected N×2 values, got {source.Length}");
        if (destination.Length != source.Length)
            throw new ArgumentException($"destination holds {destination.Length} values, source {source.Length}");
    }
}
