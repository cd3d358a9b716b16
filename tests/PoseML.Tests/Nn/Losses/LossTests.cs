using PoseML.Core;
using PoseML.Nn;
using PoseML.Nn.Losses;

namespace PoseML.Tests.Nn.Losses;

[TestClass]
public sealed class LossTests
{
    /// <summary>Losses are evaluated in float32 with values ≲ 10: central differences with h = 1e-2 have
    /// rounding error ≈ 1e-6/2e-2 = 5e-5 and truncation error 0 (MSE is quadratic) or ≈ 1e-4 (cross-entropy).</summary>
    private const double Tolerance = 1e-3;

    [TestMethod]
    public void MSELoss_ValueAndGradientByHand()
    {
        var loss = new MSELoss();
        var value = loss.Forward(new Tensor(new[] { 1f, 2f, 3f, 4f }, 2, 2), new Tensor(new[] { 0f, 2f, 5f, 4f }, 2, 2));
        Assert.AreEqual((1 + 0 + 4 + 0) / 4f, value, 1e-7f);
        CollectionAssert.AreEqual(new[] { 0.5f, 0f, -1f, 0f }, loss.Gradient.Span.ToArray());
    }

    [TestMethod]
    public void L1Loss_ValueAndGradientByHand()
    {
        var loss = new L1Loss();
        var value = loss.Forward(new Tensor(new[] { 1f, 2f, 3f, 4f }, 4), new Tensor(new[] { 0f, 2f, 5f, 4.5f }, 4));
        Assert.AreEqual((1 + 0 + 2 + 0.5f) / 4f, value, 1e-7f);
        CollectionAssert.AreEqual(new[] { 0.25f, 0f, -0.25f, -0.25f }, loss.Gradient.Span.ToArray());
    }

    [TestMethod]
    public void CrossEntropy_ValueByHandAndStableForHugeLogits()
    {
        var loss = new CrossEntropyLoss();
        var value = loss.Forward(new Tensor(new[] { 0f, 0f, 1000f, 0f }, 2, 2), new[] { 1, 0 });
        // row 0: log 2 − 0; row 1: logsumexp(1000, 0) − 1000 ≈ 0
        Assert.AreEqual(Math.Log(2) / 2, value, 1e-6);
        Assert.AreEqual(-0.25f, loss.Gradient.Span[1], 1e-6f); // (0.5 − 1)/2
        Assert.IsTrue(loss.Gradient.Span.ToArray().All(float.IsFinite));
    }

    [TestMethod]
    public void CrossEntropy_RejectsClassOutOfRange()
        => Assert.ThrowsExactly<InvalidOptionException>(() => new CrossEntropyLoss().Forward(Tensor.Zeros(2, 3), new[] { 0, 3 }));

    [TestMethod]
    public void MSELoss_RejectsShapeMismatch()
        => Assert.ThrowsExactly<InvalidOptionException>(() => new MSELoss().Forward(Tensor.Zeros(2, 3), Tensor.Zeros(3, 2)));

    [TestMethod]
    public void MSELoss_GradientMatchesFiniteDifferences()
    {
        var loss = new MSELoss();
        CheckGradient(x => loss.Forward(x, Target()), () => loss.Gradient);
    }

    [TestMethod]
    public void L1Loss_GradientMatchesFiniteDifferences()
    {
        var loss = new L1Loss();
        CheckGradient(x => loss.Forward(x, Target()), () => loss.Gradient); // |p − t| ≥ 0.1 > h: no kink crossed
    }

    [TestMethod]
    public void CrossEntropy_GradientMatchesFiniteDifferences()
    {
        var loss = new CrossEntropyLoss();
        CheckGradient(x => loss.Forward(x, new[] { 2, 0, 4 }), () => loss.Gradient);
    }

    private static Tensor Target()
    {
        var t = Modules.GradientCheck.Random(9, 3, 5, scale: 2);
        var x = Modules.GradientCheck.Random(8, 3, 5, scale: 2);
        for (var i = 0; i < t.Length; i++) // keep |p − t| ≥ 0.1 so L1 is smooth within ±h
            if (Math.Abs(x.Span[i] - t.Span[i]) < 0.1f) t.Span[i] = x.Span[i] + 0.5f;
        return t;
    }

    private static void CheckGradient(Func<Tensor, float> f, Func<Tensor> gradient)
    {
        var x = Modules.GradientCheck.Random(8, 3, 5, scale: 2);
        f(x);
        var analytic = gradient().Span.ToArray();
        const float h = 1e-2f;
        for (var i = 0; i < x.Length; i++)
        {
            var original = x.Span[i];
            x.Span[i] = original + h;
            double fp = f(x);
            x.Span[i] = original - h;
            double fm = f(x);
            x.Span[i] = original;
            var numeric = (fp - fm) / ((double)(original + h) - (original - h));
            Assert.AreEqual(numeric, analytic[i], Tolerance * Math.Max(1, Math.Abs(numeric)), $"element {i}");
        }
    }
}
