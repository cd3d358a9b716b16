using PoseML.Core;
using PoseML.Data.Mocap;

namespace PoseML.Tests.Data.Mocap;

[TestClass]
public sealed class FrameResamplerTests
{
    [TestMethod]
    public void Select_IntegerRatioKeepsEveryNthFromFirst()
    {
        CollectionAssert.AreEqual(new[] { 0, 4, 8 }, FrameResampler.Select(10, 120, 30));
        CollectionAssert.AreEqual(new[] { 0, 4, 8 }, FrameResampler.Select(9, 120, 30));
        CollectionAssert.AreEqual(new[] { 0, 4 }, FrameResampler.Select(8, 120, 30));
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, FrameResampler.Select(3, 60, 60));
    }

    [TestMethod]
    public void Select_TreatsCgspeedFrameTimeAsExactly120Fps()
    {
        // Frame Time 0.0083333 s is 120.0005 fps; a strict nearest-frame rule would drift after ~10^4 frames.
        var keep = FrameResampler.Select(100_000, 1 / 0.0083333, 30);
        Assert.AreEqual(25_000, keep.Length);
        Assert.AreEqual(99_996, keep[^1]);
    }

    [TestMethod]
    public void Select_NonIntegerRatioPicksNearestSourceFrame()
    {
        // 120 → 50 fps: ratio 2.4; k·2.4 = 0, 2.4, 4.8, 7.2, 9.6, 12 → rounded 0, 2, 5, 7, 10, 12.
        CollectionAssert.AreEqual(new[] { 0, 2, 5, 7, 10, 12 }, FrameResampler.Select(13, 120, 50));
        // 120 → 80: ratio 1.5; 0, 1.5, 3, 4.5 → halves round up: 0, 2, 3, 5.
        CollectionAssert.AreEqual(new[] { 0, 2, 3, 5 }, FrameResampler.Select(6, 120, 80));
    }

    [TestMethod]
    public void Select_RejectsUpsamplingAndNonPositiveRates()
    {
        Assert.ThrowsExactly<InvalidOptionException>(() => FrameResampler.Select(10, 30, 60));
        Assert.ThrowsExactly<InvalidOptionException>(() => FrameResampler.Select(10, 120, 0));
        Assert.ThrowsExactly<InvalidOptionException>(() => FrameResampler.Select(10, double.NaN, 30));
    }

    [TestMethod]
    public void Select_EmptyTakeKeepsNothing() => Assert.AreEqual(0, FrameResampler.Select(0, 120, 30).Length);
}
