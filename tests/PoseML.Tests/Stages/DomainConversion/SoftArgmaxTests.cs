using PoseML.Core;
using PoseML.Stages.DomainConversion;

namespace PoseML.Tests.Stages.DomainConversion;

[TestClass]
public sealed class SoftArgmaxTests
{
    /// <summary>The bound for recovering a sub-pixel Gaussian centre far from the border.</summary>
    private const float SubPixelTolerance = 0.01f;

    /// <summary>Finite differences in double of a double reference against the float analytic gradient:
    /// relative to the largest gradient entry, float32 rounding leaves ~1e-5.</summary>
    private const double GradientTolerance = 2e-4;

    internal static float[] Gaussian(int height, int width, double cx, double cy, double sigma, double floor = 0)
    {
        var map = new float[height * width];
        for (var v = 0; v < height; v++)
            for (var u = 0; u < width; u++)
                map[v * width + u] = (float)(Math.Exp(-((u - cx) * (u - cx) + (v - cy) * (v - cy)) / (2 * sigma * sigma)) + floor);
        return map;
    }

    [TestMethod]
    [DataRow(20.37, 33.81, 2.0)]
    [DataRow(40.5, 12.25, 1.5)]
    [DataRow(31.9, 30.01, 3.0)]
    public void SoftArgmax_RecoversSubPixelGaussianCentre(double cx, double cy, double sigma)
    {
        var map = Gaussian(64, 64, cx, cy, sigma);
        var xy = new float[2];
        SoftArgmax.Forward(map, 64, 64, xy);
        Assert.AreEqual((float)cx, xy[0], SubPixelTolerance);
        Assert.AreEqual((float)cy, xy[1], SubPixelTolerance);
        // softmax of the log-Gaussian is the same distribution
        var logMap = map.Select(v => (float)Math.Log(v + 1e-30)).ToArray();
        SoftArgmax.Forward(logMap, 64, 64, xy, HeatmapNormalization.Softmax);
        Assert.AreEqual((float)cx, xy[0], SubPixelTolerance);
        Assert.AreEqual((float)cy, xy[1], SubPixelTolerance);
    }

    [TestMethod]
    public void Mapping_PixelCentresAtIntegers_HeatmapPixelCoversScaleImagePixels()
    {
        // a delta at heatmap pixel (10, 20) of a 64×64 map covering a 256×256 crop placed at (100, 50)
        var map = new float[64 * 64];
        map[20 * 64 + 10] = 1;
        var mapping = HeatmapImageMapping.ForImage(64, 64, 256, 256) with { OffsetX = 100, OffsetY = 50 };
        var xy = new float[2];
        SoftArgmax.Forward(map, 64, 64, xy, mapping: mapping);
        Assert.AreEqual((10 + 0.5f) * 4 - 0.5f + 100, xy[0]); // 141.5: centre of image pixels 140..143
        Assert.AreEqual((20 + 0.5f) * 4 - 0.5f + 50, xy[1]);  // 131.5
        HeatmapArgmax.Forward(map, 64, 64, xy, mapping);
        Assert.AreEqual(141.5f, xy[0]);
        Assert.AreEqual(131.5f, xy[1]);
        // the heatmap's outer pixel edges land on the crop's outer pixel edges
        var whole = HeatmapImageMapping.ForImage(64, 64, 256, 256);
        Assert.AreEqual(-0.5f, whole.MapX(-0.5f));
        Assert.AreEqual(255.5f, whole.MapX(63.5f));
        Assert.AreEqual(1.5f, whole.MapY(0));
        Assert.AreEqual(3f, HeatmapImageMapping.Identity.MapX(3f));
    }

    [TestMethod]
    public void Argmax_TiesGoToFirstInRowMajorOrder_BordersExact_NaNPropagates()
    {
        var map = new float[6 * 5];
        map[3 * 5 + 4] = 2;
        map[1 * 5 + 2] = 2; // earlier row: wins
        map[4 * 5 + 0] = 2;
        var xy = new float[2];
        HeatmapArgmax.Forward(map, 6, 5, xy);
        CollectionAssert.AreEqual(new[] { 2f, 1f }, xy);
        var corner = new float[6 * 5];
        corner[^1] = 1;
        HeatmapArgmax.Forward(corner, 6, 5, xy);
        CollectionAssert.AreEqual(new[] { 4f, 5f }, xy);
        corner[0] = 1; // tie between the two corners
        HeatmapArgmax.Forward(corner, 6, 5, xy);
        CollectionAssert.AreEqual(new[] { 0f, 0f }, xy);
        corner[7] = float.NaN;
        HeatmapArgmax.Forward(corner, 6, 5, xy);
        Assert.IsTrue(float.IsNaN(xy[0]) && float.IsNaN(xy[1]));
        var negative = Enumerable.Repeat(-3f, 30).ToArray();
        negative[13] = -1;
        HeatmapArgmax.Forward(negative, 6, 5, xy);
        CollectionAssert.AreEqual(new[] { 3f, 2f }, xy);
    }

    [TestMethod]
    public void SumNormalisation_NonPositiveSumGivesNaN_AndNaNGradient()
    {
        var zero = new float[4 * 4];
        var xy = new float[2];
        SoftArgmax.Forward(zero, 4, 4, xy);
        Assert.IsTrue(float.IsNaN(xy[0]) && float.IsNaN(xy[1]));
        var grad = new float[16];
        SoftArgmax.Backward(zero, 4, 4, [1f, 1f], grad);
        Assert.IsTrue(grad.All(float.IsNaN));
        // softmax is defined for any finite map, including all zeros: the centre
        SoftArgmax.Forward(zero, 4, 4, xy, HeatmapNormalization.Softmax);
        CollectionAssert.AreEqual(new[] { 1.5f, 1.5f }, xy);
    }

    /// <summary>Reference forward in double, independent of the float kernels.</summary>
    private static (double X, double Y) ReferenceForward(double[] map, int height, int width, HeatmapNormalization mode, double beta, HeatmapImageMapping m)
    {
        var w = mode == HeatmapNormalization.Sum ? map : map.Select(v => Math.Exp(beta * v)).ToArray();
        double s = 0, sx = 0, sy = 0;
        for (var v = 0; v < height; v++)
            for (var u = 0; u < width; u++)
            {
                s += w[v * width + u];
                sx += w[v * width + u] * u;
                sy += w[v * width + u] * v;
            }
        return ((sx / s + 0.5) * m.ScaleX - 0.5 + m.OffsetX, (sy / s + 0.5) * m.ScaleY - 0.5 + m.OffsetY);
    }

    [TestMethod]
    [DataRow(HeatmapNormalization.Sum, 5, 7, 1f)]
    [DataRow(HeatmapNormalization.Sum, 4, 19, 1f)]    // vector body plus a scalar tail
    [DataRow(HeatmapNormalization.Softmax, 5, 7, 1f)]
    [DataRow(HeatmapNormalization.Softmax, 4, 19, 2.5f)]
    public void Backward_MatchesFiniteDifferences(HeatmapNormalization mode, int height, int width, float beta)
    {
        var rng = new Random(7);
        const int maps = 3;
        var heatmaps = new float[maps * height * width];
        for (var i = 0; i < heatmaps.Length; i++) heatmaps[i] = (float)(0.05 + rng.NextDouble());
        var mapping = new HeatmapImageMapping(4, 3, 10, -2);
        var upstream = new float[maps * 2];
        for (var i = 0; i < upstream.Length; i++) upstream[i] = (float)(rng.NextDouble() * 2 - 1);

        var forward = new float[maps * 2];
        SoftArgmax.Forward(heatmaps, height, width, forward, mode, beta, mapping);
        var analytic = new float[heatmaps.Length];
        SoftArgmax.Backward(heatmaps, height, width, upstream, analytic, mode, beta, mapping);

        var size = height * width;
        double largest = analytic.Max(Math.Abs);
        for (var k = 0; k < maps; k++)
        {
            var map = heatmaps.AsSpan(k * size, size).ToArray().Select(v => (double)v).ToArray();
            var (fx, fy) = ReferenceForward(map, height, width, mode, beta, mapping);
            Assert.AreEqual(fx, forward[k * 2], 1e-4);
            Assert.AreEqual(fy, forward[k * 2 + 1], 1e-4);
            for (var i = 0; i < size; i++)
            {
                const double h = 1e-6;
                var saved = map[i];
                map[i] = saved + h;
                var (px, py) = ReferenceForward(map, height, width, mode, beta, mapping);
                map[i] = saved - h;
                var (mx, my) = ReferenceForward(map, height, width, mode, beta, mapping);
                map[i] = saved;
                var numeric = upstream[k * 2] * (px - mx) / (2 * h) + upstream[k * 2 + 1] * (py - my) / (2 * h);
                Assert.AreEqual(numeric, analytic[k * size + i], GradientTolerance * largest, $"map {k} pixel {i}");
            }
        }
    }

    [TestMethod]
    [DataRow(HeatmapNormalization.Sum)]
    [DataRow(HeatmapNormalization.Softmax)]
    public void ParallelBatch_EqualsMapByMap(HeatmapNormalization mode)
    {
        var rng = new Random(8);
        const int maps = 300;
        var heatmaps = new float[maps * 16 * 16];
        for (var i = 0; i < heatmaps.Length; i++) heatmaps[i] = (float)rng.NextDouble();
        var batch = new float[maps * 2];
        SoftArgmax.Forward(heatmaps, 16, 16, batch, mode);
        var grads = new float[maps * 2];
        for (var i = 0; i < grads.Length; i++) grads[i] = (float)rng.NextDouble();
        var batchGrad = new float[heatmaps.Length];
        SoftArgmax.Backward(heatmaps, 16, 16, grads, batchGrad, mode);
        var one = new float[2];
        var oneGrad = new float[256];
        for (var k = 0; k < maps; k++)
        {
            SoftArgmax.Forward(heatmaps.AsSpan(k * 256, 256), 16, 16, one, mode);
            Assert.AreEqual(batch[k * 2], one[0]);
            Assert.AreEqual(batch[k * 2 + 1], one[1]);
            SoftArgmax.Backward(heatmaps.AsSpan(k * 256, 256), 16, 16, grads.AsSpan(k * 2, 2), oneGrad, mode);
            CollectionAssert.AreEqual(oneGrad, batchGrad.AsSpan(k * 256, 256).ToArray());
        }
    }

    [TestMethod]
    public void Forward_RejectsBadShapesAndOptions()
    {
        var map = new float[16];
        Assert.ThrowsExactly<InvalidOptionException>(() => SoftArgmax.Forward(map, 4, 5, new float[2]));
        Assert.ThrowsExactly<InvalidOptionException>(() => SoftArgmax.Forward(map, 4, 4, new float[3]));
        Assert.ThrowsExactly<InvalidOptionException>(() => SoftArgmax.Forward(map, 4, 4, new float[2], HeatmapNormalization.Softmax, beta: 0));
        Assert.ThrowsExactly<InvalidOptionException>(() => SoftArgmax.Forward(map, 4, 4, new float[2], mapping: new HeatmapImageMapping(ScaleX: -1)));
        Assert.ThrowsExactly<InvalidOptionException>(() => SoftArgmax.Backward(map, 4, 4, new float[2], new float[15]));
    }
}
