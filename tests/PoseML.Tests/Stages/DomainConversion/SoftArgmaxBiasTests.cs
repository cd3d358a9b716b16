using PoseML.Stages.DomainConversion;

namespace PoseML.Tests.Stages.DomainConversion;

[TestClass]
public sealed class SoftArgmaxBiasTests
{
    [TestMethod]
    public void Bias_IsNegligibleForCentredGaussian_AndPullsTruncatedGaussianTowardsCentre()
    {
        // sample 0: joint 0 is a Gaussian at an integer pixel far from the border (argmax = mean, A.2 Eq. 16);
        //           joint 1 is a Gaussian centred at x = 0.8 (just inside the left border): its left tail is cut off,
        //           so the normalised mass, and the soft-argmax, shift right of the peak.
        // sample 1: the same two maps mirrored: peak near the right border, bias to the left.
        const int size = 32;
        var maps = new List<float>();
        maps.AddRange(SoftArgmaxTests.Gaussian(size, size, 16, 12, 2));
        maps.AddRange(SoftArgmaxTests.Gaussian(size, size, 0.8, 20, 2));
        maps.AddRange(SoftArgmaxTests.Gaussian(size, size, 16, 12, 2));
        maps.AddRange(SoftArgmaxTests.Gaussian(size, size, size - 1 - 0.8, 20, 2));
        var report = SoftArgmaxBias.Analyze(maps.ToArray(), joints: 2, size, size);

        Assert.AreEqual(2, report.Joints.Count);
        Assert.AreEqual(2, report.Joints[0].Count);
        Assert.IsTrue(report.Joints[0].MaxNorm < 1e-3, $"centred Gaussian bias {report.Joints[0].MaxNorm}");
        // joint 1: +dx in sample 0, −dx (same size) in sample 1; the truncated Gaussian's mean lies ~1 px inside
        var dx0 = report.Samples[(0 * 2 + 1) * 2];
        var dx1 = report.Samples[(1 * 2 + 1) * 2];
        Assert.IsTrue(dx0 > 0.5 && dx0 < 1.5, $"left-border bias {dx0}");
        Assert.AreEqual(-dx0, dx1, 1e-3);
        Assert.AreEqual(0, report.Joints[1].MeanX, 1e-3);
        Assert.AreEqual(Math.Abs(dx0), report.Joints[1].MedianNorm, 1e-3);
        Assert.AreEqual(0, report.Joints[1].MeanY, 1e-3);
        // dx0 against the independent expectation: soft-argmax of the sampled Gaussian (x ≥ 0) minus argmax 1
        double s = 0, sx = 0;
        for (var u = 0; u < size; u++)
        {
            var w = Math.Exp(-(u - 0.8) * (u - 0.8) / 8);
            s += w;
            sx += w * u;
        }
        Assert.AreEqual(sx / s - 1, dx0, 1e-4);
    }
}
