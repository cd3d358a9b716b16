using PoseML.Data.Cameras;

namespace PoseML.Tests.Data.Cameras;

[TestClass]
public sealed class ScreenCoordinatesTests
{
    [TestMethod]
    public void Normalize_MapsImageWidthToMinusOneOne_KeepingAspect()
    {
        // w = 1000, h = 1002: X/w·2 − (1, h/w).
        Assert.AreEqual((-1f, -1.002f), ScreenCoordinates.Normalize(0, 0, 1000, 1002));
        Assert.AreEqual((1f, 1.002f), ScreenCoordinates.Normalize(1000, 1002, 1000, 1002));
        var centre = ScreenCoordinates.Normalize(500, 501, 1000, 1002);
        Assert.AreEqual(0f, centre.X, 1e-6f);
        Assert.AreEqual(0f, centre.Y, 1e-6f);
        var wide = ScreenCoordinates.Normalize(960, 540, 1920, 1080); // 16:9: y spans ±0.5625
        Assert.AreEqual(0f, wide.X, 1e-6f);
        Assert.AreEqual(0f, wide.Y, 1e-6f);
        Assert.AreEqual(-0.5625f, ScreenCoordinates.Normalize(0, 0, 1920, 1080).Y, 1e-6f);
    }

    [TestMethod]
    public void ToImage_InvertsNormalize()
    {
        var rng = new Random(3);
        var pixels = Enumerable.Range(0, 2 * 17 * 4).Select(_ => (float)(rng.NextDouble() * 1000)).ToArray();
        var normalized = new float[pixels.Length];
        var back = new float[pixels.Length];
        ScreenCoordinates.Normalize(pixels, normalized, 1000, 1002);
        ScreenCoordinates.ToImage(normalized, back, 1000, 1002);
        // float arithmetic on values up to 1000 px: a few ulps of 6e-5.
        for (var i = 0; i < pixels.Length; i++) Assert.AreEqual(pixels[i], back[i], 1e-3f);
        var (u, v) = ScreenCoordinates.ToImage(normalized[0], normalized[1], 1000, 1002);
        Assert.AreEqual(pixels[0], u, 1e-3f);
        Assert.AreEqual(pixels[1], v, 1e-3f);
    }

    [TestMethod]
    public void NormalizeSpan_WorksInPlaceAndRejectsBadLengths()
    {
        float[] values = [500, 501, 1000, 0];
        ScreenCoordinates.Normalize(values, values, 1000, 1002);
        Assert.AreEqual(0f, values[0], 1e-6f);
        Assert.AreEqual(1f, values[2], 1e-6f);
        Assert.AreEqual(-1.002f, values[3], 1e-6f);
        Assert.ThrowsExactly<ArgumentException>(() => ScreenCoordinates.Normalize(new float[3], new float[3], 10, 10));
        Assert.ThrowsExactly<ArgumentException>(() => ScreenCoordinates.ToImage(new float[4], new float[2], 10, 10));
    }
}
