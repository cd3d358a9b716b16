namespace PoseML.Vision.Images.Decoding;

/// <summary>Limits of <see cref="ImageDecoder"/>, checked before any pixel memory is allocated.</summary>
public sealed record ImageDecodeOptions
{
    /// <summary>Largest accepted width × height, read from the file's header before decoding; default
    /// <see cref="ImageDecodeDefaults.MaxPixels"/> (a 40-megapixel photo decodes to 160 MB of RGBA).</summary>
    public long MaxPixels { get; init; } = ImageDecodeDefaults.MaxPixels;

    /// <summary>Largest accepted file size in bytes; default <see cref="ImageDecodeDefaults.MaxFileBytes"/>.</summary>
    public long MaxFileBytes { get; init; } = ImageDecodeDefaults.MaxFileBytes;

    /// <summary>Largest accepted width or height on its own; default <see cref="ImageDecodeDefaults.MaxSide"/>.</summary>
    public int MaxSide { get; init; } = ImageDecodeDefaults.MaxSide;
}

/// <summary>Default limits of <see cref="ImageDecodeOptions"/>.</summary>
public static class ImageDecodeDefaults
{
    /// <summary>40 megapixels.</summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>64 MiB.</summary>
    public const long MaxFileBytes = 64L << 20;

    /// <summary>16,384 pixels.</summary>
    public const int MaxSide = 16_384;
}
