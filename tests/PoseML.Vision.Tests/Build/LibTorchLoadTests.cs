using TorchSharp;
using static TorchSharp.torch;

namespace PoseML.Vision.Tests.Build;

[TestClass]
public sealed class LibTorchLoadTests
{
    [TestMethod]
    public void LibTorchLoadsAndRunsAConvolutionForwardAndBackward()
    {
        // d/dw Σ conv(x, w) for a 1→1 channel 2×2 kernel without padding on a 3×3 input of ones: every weight
        // touches 4 output pixels, so each gradient is 4 (hand-derived); the forward is Σ w per pixel.
        using var scope = NewDisposeScope();
        var conv = nn.Conv2d(1, 1, 2, bias: false);
        using (no_grad()) conv.weight!.copy_(tensor(new float[] { 1, 2, 3, 4 }).reshape(1, 1, 2, 2));
        var x = ones(1, 1, 3, 3);
        var y = conv.forward(x);
        CollectionAssert.AreEqual(new long[] { 1, 1, 2, 2 }, y.shape);
        Assert.AreEqual(10f, y[0, 0, 1, 1].item<float>());
        y.sum().backward();
        CollectionAssert.AreEqual(new float[] { 4, 4, 4, 4 }, conv.weight!.grad!.data<float>().ToArray());
    }
}
