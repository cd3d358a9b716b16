using PoseML.Core;
using PoseML.Vision.Images.Decoding;
using SkiaSharp;

namespace PoseML.Vision.Tests.Images;

[TestClass]
public sealed class ImageDecoderTests
{
    private static string _folder = "";

    [ClassInitialize]
    public static void Init(TestContext _) => _folder = TestImages.NewFolder();

    private static DataFormatException Fails(string path, ImageDecodeOptions? options = null)
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => ImageDecoder.Decode(path, options)?.Dispose());
        StringAssert.Contains(e.Message, path);
        Assert.IsFalse(e.Message.Contains('\n'), "one-line message: " + e.Message);
        return e;
    }

    [TestMethod]
    public void Png_DecodesExactPixels()
    {
        var path = TestImages.WriteHalves(_folder, "halves.png", 6, 4);
        using var bitmap = ImageDecoder.Decode(path);
        Assert.AreEqual((6, 4), (bitmap.Width, bitmap.Height));
        Assert.AreEqual(SKColors.White, bitmap.GetPixel(0, 0));
        Assert.AreEqual(SKColors.Red, bitmap.GetPixel(2, 3));
        Assert.AreEqual(SKColors.Blue, bitmap.GetPixel(3, 0));
        Assert.AreEqual((6, 4), ImageDecoder.ReadSize(path));
    }

    [TestMethod]
    public void Jpeg_Decodes()
    {
        var path = TestImages.WriteHalves(_folder, "halves.jpg", 64, 32, SKEncodedImageFormat.Jpeg);
        using var bitmap = ImageDecoder.Decode(path);
        Assert.AreEqual((64, 32), (bitmap.Width, bitmap.Height));
        var p = bitmap.GetPixel(10, 16); // well inside the red half: JPEG keeps it red within a few levels
        Assert.IsTrue(p.Red > 240 && p.Green < 15 && p.Blue < 15, p.ToString());
    }

    [TestMethod]
    public void MissingEmptyAndGarbageFiles_FailWithOneLine()
    {
        StringAssert.Contains(Fails(Path.Combine(_folder, "nope.png")).Message, "not found");
        var empty = Path.Combine(_folder, "empty.png");
        File.WriteAllBytes(empty, []);
        StringAssert.Contains(Fails(empty).Message, "empty file");
        var garbage = Path.Combine(_folder, "garbage.jpg");
        File.WriteAllBytes(garbage, Enumerable.Range(0, 500).Select(i => (byte)(i * 37)).ToArray());
        StringAssert.Contains(Fails(garbage).Message, "expected a JPEG, PNG");
    }

    [TestMethod]
    public void TruncatedPngAndJpeg_FailAsTruncated()
    {
        using var noise = new SKBitmap(new SKImageInfo(64, 64, SKColorType.Rgba8888, SKAlphaType.Premul));
        var rng = new Random(1);
        for (var y = 0; y < 64; y++)
            for (var x = 0; x < 64; x++)
                noise.SetPixel(x, y, new SKColor((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256)));
        foreach (var format in new[] { SKEncodedImageFormat.Png, SKEncodedImageFormat.Jpeg })
        {
            using var data = noise.Encode(format, 90);
            var bytes = data.ToArray();
            var path = Path.Combine(_folder, $"truncated.{format}");
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
            StringAssert.Contains(Fails(path).Message, "truncated", format.ToString());
        }
    }

    [TestMethod]
    public void DecompressionBomb_IsRefusedFromTheHeader()
    {
        // 60000 × 60000 RGB would need 14.4 GB of RGBA; the file is 57 bytes.
        var bomb = Path.Combine(_folder, "bomb.png");
        File.WriteAllBytes(bomb, TestImages.PngHeaderOnly(60000, 60000));
        StringAssert.Contains(Fails(bomb).Message, "header declares a 60000x60000 image");
        // Within MaxSide but over the pixel budget.
        var wide = Path.Combine(_folder, "wide.png");
        File.WriteAllBytes(wide, TestImages.PngHeaderOnly(16000, 16000));
        StringAssert.Contains(Fails(wide).Message, "MaxPixels");
        // A header that is honest about a small image but lies about the data is corrupt, not a crash.
        var small = Path.Combine(_folder, "small-lying.png");
        File.WriteAllBytes(small, TestImages.PngHeaderOnly(8, 8));
        Fails(small);
    }

    [TestMethod]
    public void Limits_AreOptions()
    {
        var path = TestImages.WriteHalves(_folder, "limits.png", 40, 30);
        StringAssert.Contains(Fails(path, new ImageDecodeOptions { MaxPixels = 1199 }).Message, "1200 pixels");
        StringAssert.Contains(Fails(path, new ImageDecodeOptions { MaxSide = 39 }).Message, "40x30");
        StringAssert.Contains(Fails(path, new ImageDecodeOptions { MaxFileBytes = 10 }).Message, "MaxFileBytes");
        using var ok = ImageDecoder.Decode(path, new ImageDecodeOptions { MaxPixels = 1200, MaxSide = 40 });
        Assert.AreEqual(40, ok.Width);
    }
}
