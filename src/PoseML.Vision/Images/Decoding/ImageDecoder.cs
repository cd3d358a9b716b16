using PoseML.Core;
using SkiaSharp;

namespace PoseML.Vision.Images.Decoding;

/// <summary>Bounded, safe image decoding (JPEG, PNG, WebP, BMP, GIF's first frame) with SkiaSharp. The file is
/// read up to <see cref="ImageDecodeOptions.MaxFileBytes"/>, its header is parsed and its dimensions are checked
/// against <see cref="ImageDecodeOptions.MaxPixels"/> and <see cref="ImageDecodeOptions.MaxSide"/> before the
/// pixel buffer is allocated, so a decompression bomb (a small file declaring a huge image) fails without
/// allocating. Empty, unknown, corrupt and truncated files fail with a one-line
/// <see cref="DataFormatException"/> that names the file and what was expected. Pixels are returned as stored
/// (EXIF orientation is not applied: COCO and MPII annotations refer to the stored pixels).</summary>
public static class ImageDecoder
{
    private static readonly SKEncodedImageFormat[] Accepted =
        [SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Png, SKEncodedImageFormat.Webp, SKEncodedImageFormat.Bmp, SKEncodedImageFormat.Gif];

    private const string Expected = "expected a JPEG, PNG, WebP, BMP or GIF image";

    /// <summary>Width and height from the file's header, without decoding pixels.</summary>
    /// <exception cref="DataFormatException">Missing, empty, too large, unknown or corrupt header.</exception>
    public static (int Width, int Height) ReadSize(string path, ImageDecodeOptions? options = null)
    {
        options ??= new ImageDecodeOptions();
        using var codec = OpenCodec(path, ReadBytes(path, options), options);
        return (codec.Info.Width, codec.Info.Height);
    }

    /// <summary>Decodes <paramref name="path"/> into an opaque-or-premultiplied RGBA bitmap the caller disposes.</summary>
    /// <exception cref="DataFormatException">Missing, empty, too large (file bytes or header dimensions), of an
    /// unsupported format, corrupt or truncated.</exception>
    public static SKBitmap Decode(string path, ImageDecodeOptions? options = null)
    {
        options ??= new ImageDecodeOptions();
        using var codec = OpenCodec(path, ReadBytes(path, options), options);
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap();
        try
        {
            if (!bitmap.TryAllocPixels(info))
                throw new DataFormatException(path, $"cannot allocate {info.Width}x{info.Height} pixels");
            var result = codec.GetPixels(info, bitmap.GetPixels());
            if (result == SKCodecResult.IncompleteInput)
                throw new DataFormatException(path, $"truncated {codec.EncodedFormat} data: the file ends before the {info.Width}x{info.Height} image is complete");
            if (result is not (SKCodecResult.Success))
                throw new DataFormatException(path, $"corrupt {codec.EncodedFormat} data ({result}); {Expected}");
            return bitmap;
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    private static byte[] ReadBytes(string path, ImageDecodeOptions options)
    {
        FileInfo file;
        try
        {
            file = new FileInfo(path);
            if (!file.Exists) throw new DataFormatException(path, "image file not found");
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new DataFormatException(path, $"cannot open the image file: {e.Message}", inner: e);
        }
        if (file.Length == 0) throw new DataFormatException(path, $"empty file; {Expected}");
        if (file.Length > options.MaxFileBytes)
            throw new DataFormatException(path, $"file of {file.Length} bytes exceeds the limit of {options.MaxFileBytes} bytes (ImageDecodeOptions.MaxFileBytes)");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"cannot read the image file: {e.Message}", inner: e);
        }
        return bytes;
    }

    private static SKCodec OpenCodec(string path, byte[] bytes, ImageDecodeOptions options)
    {
        // The codec takes ownership of the stream and frees it with itself.
        var codec = SKCodec.Create(new SKMemoryStream(bytes), out var result);
        if (codec is null)
            throw new DataFormatException(path, result == SKCodecResult.IncompleteInput
                ? $"truncated header; {Expected}"
                : $"not a readable image ({result}); {Expected}");
        try
        {
            if (Array.IndexOf(Accepted, codec.EncodedFormat) < 0)
                throw new DataFormatException(path, $"{codec.EncodedFormat} images are not accepted; {Expected}");
            var (w, h) = (codec.Info.Width, codec.Info.Height);
            if (w <= 0 || h <= 0) throw new DataFormatException(path, $"header declares a {w}x{h} image; expected positive dimensions");
            if (w > options.MaxSide || h > options.MaxSide)
                throw new DataFormatException(path, $"header declares a {w}x{h} image; sides above {options.MaxSide} pixels are refused (ImageDecodeOptions.MaxSide)");
            if ((long)w * h > options.MaxPixels)
                throw new DataFormatException(path, $"header declares a {w}x{h} image ({(long)w * h} pixels); more than {options.MaxPixels} pixels are refused (ImageDecodeOptions.MaxPixels)");
            return codec;
        }
        catch
        {
            codec.Dispose();
            throw;
        }
    }
}
