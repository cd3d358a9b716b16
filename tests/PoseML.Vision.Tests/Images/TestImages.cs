using SkiaSharp;

namespace PoseML.Vision.Tests.Images;

/// <summary>Small images written by SkiaSharp for the tests, in temporary folders under one per-run root that is
/// deleted when the test run ends.</summary>
[TestClass]
public static class TestImages
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "poseml-vision-tests-" + Guid.NewGuid().ToString("N"));

    public static string NewFolder()
    {
        var dir = Path.Combine(Root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [AssemblyCleanup]
    public static void DeleteFolders()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    /// <summary>A width×height image: left half pure red, right half pure blue, pixel (0,0) white.</summary>
    public static SKBitmap Halves(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                bitmap.SetPixel(x, y, x < width / 2 ? SKColors.Red : SKColors.Blue);
        bitmap.SetPixel(0, 0, SKColors.White);
        return bitmap;
    }

    public static string Write(SKBitmap bitmap, string path, SKEncodedImageFormat format = SKEncodedImageFormat.Png, int quality = 100)
    {
        using var data = bitmap.Encode(format, quality);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    public static string WriteHalves(string folder, string name, int width, int height, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        using var bitmap = Halves(width, height);
        return Write(bitmap, Path.Combine(folder, name), format);
    }

    /// <summary>A PNG whose header declares width×height but whose data is one tiny IDAT chunk: a decompression bomb
    /// stand-in (a decoder that trusts the header allocates width·height·4 bytes).</summary>
    public static byte[] PngHeaderOnly(uint width, uint height)
    {
        var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BigEndian(ihdr, 0, width);
        BigEndian(ihdr, 4, height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        Chunk(output, "IHDR", ihdr);
        Chunk(output, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]); // empty zlib stream
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var length = new byte[4];
        BigEndian(length, 0, (uint)data.Length);
        s.Write(length);
        var body = new byte[4 + data.Length];
        for (var i = 0; i < 4; i++) body[i] = (byte)type[i];
        data.CopyTo(body, 4);
        s.Write(body);
        var crc = new byte[4];
        BigEndian(crc, 0, Crc32(body));
        s.Write(crc);
    }

    private static void BigEndian(byte[] b, int at, uint v)
    {
        b[at] = (byte)(v >> 24);
        b[at + 1] = (byte)(v >> 16);
        b[at + 2] = (byte)(v >> 8);
        b[at + 3] = (byte)v;
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
