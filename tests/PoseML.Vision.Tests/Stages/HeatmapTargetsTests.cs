using PoseML.Vision.Stages.HeatmapEstimator;

namespace PoseML.Vision.Tests.Stages;

[TestClass]
public sealed class HeatmapTargetsTests
{
    [TestMethod]
    public void AJointInOriginalPixelsLandsOnItsHandDerivedHeatmapCoordinates()
    {
        // crop (2, 2, 10, 20): x_crop = (29.5 − 10 + 0.5)/2 − 0.5 = 9.5, u = (9.5 + 0.5)/4 − 0.5 = 2;
        // y_crop = (45.5 − 20 + 0.5)/2 − 0.5 = 12.5, v = (12.5 + 0.5)/4 − 0.5 = 2.75.
        var (u, v) = HeatmapTargets.ToHeatmap(29.5f, 45.5f, [2, 2, 10, 20]);
        Assert.AreEqual(2f, u, 1e-6f);
        Assert.AreEqual(2.75f, v, 1e-6f);
        var maps = new float[2 * 8 * 8];
        var weights = new float[2];
        HeatmapTargets.Fill([29.5f, 45.5f, 1, 1], [1, 0], [2, 2, 10, 20], 8, sigma: 1, maps, weights);
        CollectionAssert.AreEqual(new float[] { 1, 0 }, weights);
        // at (u, v) = (2, 3): exp(−(0² + 0.25²)/2) = exp(−0.03125); at (2, 2): exp(−0.75²/2) = exp(−0.28125)
        Assert.AreEqual(Math.Exp(-0.03125), maps[3 * 8 + 2], 1e-6);
        Assert.AreEqual(Math.Exp(-0.28125), maps[2 * 8 + 2], 1e-6);
        Assert.IsTrue(maps.AsSpan(64).ToArray().All(m => m == 0), "an unlabelled joint has an empty map");
    }

    [TestMethod]
    public void NaNKeypointsGetNoWeight()
    {
        var maps = new float[64];
        var weights = new float[1];
        HeatmapTargets.Fill([float.NaN, 3], [1], [1, 1, 0, 0], 8, 1, maps, weights);
        Assert.AreEqual(0f, weights[0]);
        Assert.IsTrue(maps.All(m => m == 0));
    }
}
