using PoseML.Nn.Init;
using PoseML.Nn.Modules;

namespace PoseML.Tests.Nn.Modules;

[TestClass]
public sealed class WeightInitTests
{
    [TestMethod]
    public void LinearDefault_IsUniformWithinOneOverSqrtFanIn()
    {
        var layer = new Linear(100, 50, new Random(1));
        var w = layer.Weight.Value.Span.ToArray();
        var bound = 1 / Math.Sqrt(100);
        Assert.IsTrue(w.All(v => Math.Abs(v) <= bound));
        // U(−b, b) has variance b²/3; 5000 samples estimate it to about ±3 %.
        var variance = w.Select(v => (double)v * v).Average();
        Assert.AreEqual(bound * bound / 3, variance, 0.1 * bound * bound / 3);
        Assert.IsTrue(layer.Bias!.Value.Span.ToArray().All(v => Math.Abs(v) <= bound));
    }

    [TestMethod]
    public void KaimingNormal_HasHeVariance()
    {
        var w = new float[20_000];
        WeightInit.KaimingNormal(w, 50, new Random(2));
        var variance = w.Select(v => (double)v * v).Average();
        Assert.AreEqual(2.0 / 50, variance, 0.05 * 2.0 / 50); // 20,000 samples: ±1 % standard error
        Assert.AreEqual(0, w.Average(), 0.01);
    }

    [TestMethod]
    public void KaimingUniform_BoundIsGainTimesSqrtThreeOverFanIn()
    {
        var w = new float[10_000];
        WeightInit.KaimingUniform(w, 30, new Random(3));
        var bound = Math.Sqrt(2) * Math.Sqrt(3.0 / 30);
        Assert.IsTrue(w.All(v => Math.Abs(v) <= bound));
        Assert.IsTrue(w.Max() > 0.98 * bound);
    }

    [TestMethod]
    public void SameSeed_GivesBitIdenticalWeights()
    {
        CollectionAssert.AreEqual(new Linear(7, 5, new Random(4)).Weight.Value.Span.ToArray(), new Linear(7, 5, new Random(4)).Weight.Value.Span.ToArray());
        CollectionAssert.AreNotEqual(new Linear(7, 5, new Random(4)).Weight.Value.Span.ToArray(), new Linear(7, 5, new Random(5)).Weight.Value.Span.ToArray());
    }
}
