using PoseML.Stages.DomainConversion;
using PoseML.Vision.Images.Cropping;
using SkiaSharp;

namespace PoseML.Vision.Tests.Images;

[TestClass]
public sealed class CropTests
{
    [TestMethod]
    public void Letterbox_HandDerived()
    {
        // 200×100 into 100×100: scale 2; the square's region is x ∈ [−0.5, 199.5], y ∈ [−50.5, 149.5] (pixel-centre
        // coordinates), so OffsetX = −0.5 + 0.5 = 0 and OffsetY = −50.5 + 0.5 = −50.
        var crop = CropToImage.Letterbox(200, 100, 100);
        Assert.AreEqual(new CropToImage(2, 2, 0, -50), crop);
        // Crop pixel 0 covers original pixels 0 and 1: its centre is 0.5 (HeatmapImageMapping's convention).
        var mapping = new HeatmapImageMapping(crop.ScaleX, crop.ScaleY, crop.OffsetX, crop.OffsetY);
        Assert.AreEqual(0.5f, mapping.MapX(0));
        Assert.AreEqual(crop.ToImageX(37.25f), mapping.MapX(37.25f));
        Assert.AreEqual(crop.ToImageY(80), mapping.MapY(80));
        // Rows 0..24 of the crop map above the image (y < −0.5): the black band.
        Assert.IsTrue(crop.ToImageY(24) < -0.5f && crop.ToImageY(25) > -0.5f);
    }

    [TestMethod]
    public void ToCrop_InvertsToImage()
    {
        var crop = CropToImage.Square(312.25, 401.5, 517, 64);
        foreach (var v in new[] { -3f, 0f, 17.5f, 63f })
        {
            Assert.AreEqual(v, crop.ToCropX(crop.ToImageX(v)), 1e-3f);
            Assert.AreEqual(v, crop.ToCropY(crop.ToImageY(v)), 1e-3f);
        }
        // The square's centre is the requested centre: crop centre (S−1)/2 ↦ (312.25, 401.5).
        Assert.AreEqual(312.25f, crop.ToImageX(31.5f), 1e-3f);
        Assert.AreEqual(401.5f, crop.ToImageY(31.5f), 1e-3f);
    }

    [TestMethod]
    public void Crop_IdentityKeepsPixels_LetterboxFillsBlack()
    {
        using var image = TestImages.Halves(8, 4);
        var same = new float[3 * 8 * 8];
        // Identity on the top 4 rows: scale 1, offsets 0; rows 4..7 are below the image.
        ImageCropper.Crop(image, new CropToImage(1, 1, 0, 0), 8, same);
        float R(int x, int y) => same[y * 8 + x];
        float B(int x, int y) => same[2 * 64 + y * 8 + x];
        Assert.AreEqual(1f, R(0, 0)); // white
        Assert.AreEqual(1f, same[64 + 0]);
        Assert.AreEqual(1f, R(1, 0));
        Assert.AreEqual(0f, B(1, 0));
        Assert.AreEqual(1f, B(6, 3));
        Assert.AreEqual(0f, R(6, 3));
        Assert.AreEqual(0f, R(2, 6) + B(2, 6) + same[64 + 6 * 8 + 2]); // outside: black

        var boxed = new float[3 * 4 * 4];
        ImageCropper.Crop(image, CropToImage.Letterbox(8, 4, 4), 4, boxed);
        // Scale 2: rows 0 and 3 of the 4×4 square are the bands, rows 1–2 the image; column 0 red, column 3 blue.
        Assert.AreEqual(0f, boxed[0 * 4 + 2] + boxed[16 + 0 * 4 + 2] + boxed[32 + 0 * 4 + 2], 1e-6f);
        Assert.AreEqual(0f, boxed[3 * 4 + 1] + boxed[32 + 3 * 4 + 1], 1e-6f);
        Assert.AreEqual(1f, boxed[2 * 4 + 0], 1e-6f); // red at (0, 2)
        Assert.AreEqual(1f, boxed[32 + 2 * 4 + 3], 1e-6f); // blue at (3, 2)
    }

    [TestMethod]
    public void ToChw_RejectsWrongLength()
    {
        using var image = TestImages.Halves(4, 4);
        Assert.ThrowsExactly<ArgumentException>(() => ImageCropper.ToChw(image, new float[47]));
    }
}
