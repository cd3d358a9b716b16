using PoseML.Core;
using PoseML.Nn;
using PoseML.Nn.Modules;

namespace PoseML.Tests.Nn.Modules;

[TestClass]
public sealed class BatchNormAndDropoutTests
{
    [TestMethod]
    public void BatchNormTrain_NormalisesWithBiasedVarianceAndUpdatesRunningStatsWithUnbiased()
    {
        var bn = new BatchNorm1d(1, momentum: 0.1f);
        var y = bn.Forward(new Tensor(new[] { 1f, 2f, 3f, 6f }, 4, 1));
        // mean 3, biased variance (4 + 1 + 0 + 9)/4 = 3.5, unbiased 14/3
        var s = 1 / Math.Sqrt(3.5 + 1e-5);
        Assert.AreEqual(-2 * s, y.Span[0], 1e-6);
        Assert.AreEqual(3 * s, y.Span[3], 1e-6);
        Assert.AreEqual(0.1 * 3, bn.RunningMean.Span[0], 1e-6);
        Assert.AreEqual(0.9 * 1 + 0.1 * 14.0 / 3, bn.RunningVar.Span[0], 1e-6);
        Assert.AreEqual(1L, bn.NumBatchesTracked);
        bn.Forward(new Tensor(new[] { 0f, 2f }, 2, 1)); // mean 1, unbiased variance 2
        Assert.AreEqual(0.9 * 0.3 + 0.1 * 1, bn.RunningMean.Span[0], 1e-6);
        Assert.AreEqual(0.9 * (0.9 + 0.1 * 14.0 / 3) + 0.1 * 2, bn.RunningVar.Span[0], 1e-6);
        Assert.AreEqual(2L, bn.NumBatchesTracked);
    }

    [TestMethod]
    public void BatchNormCumulativeAverage_WhenMomentumIsNull()
    {
        var bn = new BatchNorm1d(1, momentum: null);
        bn.Forward(new Tensor(new[] { 1f, 3f }, 2, 1)); // mean 2
        bn.Forward(new Tensor(new[] { 5f, 7f }, 2, 1)); // mean 6
        Assert.AreEqual(4f, bn.RunningMean.Span[0], 1e-6f);
    }

    [TestMethod]
    public void BatchNormEval_UsesRunningStatsAndAffine()
    {
        var bn = new BatchNorm1d(2);
        bn.RunningMean.Span[0] = 1; bn.RunningVar.Span[0] = 4;
        bn.Weight!.Value.Span[1] = 2; bn.Bias!.Value.Span[1] = 0.5f;
        bn.Eval();
        var y = bn.Forward(new Tensor(new[] { 5f, 3f }, 1, 2));
        Assert.AreEqual(4 / Math.Sqrt(4 + 1e-5), y.Span[0], 1e-6);
        Assert.AreEqual(3 * 2 / Math.Sqrt(1 + 1e-5) + 0.5, y.Span[1], 1e-5);
        Assert.AreEqual(0L, bn.NumBatchesTracked);
    }

    [TestMethod]
    public void BatchNormTrain_RejectsSingleRowBatch()
        => Assert.ThrowsExactly<InvalidOptionException>(() => new BatchNorm1d(3).Forward(Tensor.Zeros(1, 3)));

    [TestMethod]
    public void DropoutEval_IsIdentity()
    {
        var dropout = new Dropout(0.5f, seed: 1);
        dropout.Eval();
        var x = GradientCheck.Random(1, 4, 5);
        Assert.AreSame(x, dropout.Forward(x));
    }

    [TestMethod]
    public void DropoutTrain_ZeroesAboutPAndScalesSurvivors()
    {
        var dropout = new Dropout(0.25f, seed: 3);
        var x = new Tensor(Enumerable.Repeat(1f, 20_000).ToArray(), 100, 200);
        var y = dropout.Forward(x).Span.ToArray();
        var zeros = y.Count(v => v == 0);
        Assert.IsTrue(y.All(v => v == 0 || Math.Abs(v - 1 / 0.75f) < 1e-6), "survivors scaled by 1/(1 − p)");
        // Binomial(20000, 0.25): standard deviation ≈ 61, so ±300 is about 5σ.
        Assert.AreEqual(5000, zeros, 300);
    }

    [TestMethod]
    public void Dropout_SameSeedSameMask_DifferentSeedDifferentMask()
    {
        var x = new Tensor(Enumerable.Repeat(1f, 64).ToArray(), 8, 8);
        var a = new Dropout(0.5f, 7).Forward(x).Span.ToArray();
        var b = new Dropout(0.5f, 7).Forward(x).Span.ToArray();
        var c = new Dropout(0.5f, 8).Forward(x).Span.ToArray();
        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreNotEqual(a, c);
    }

    [TestMethod]
    public void DropoutMask_IsTheDocumentedXoshiroSequence()
    {
        // Expected keep/drop pattern for seed 42, p = 0.5 computed independently in Python from the
        // published xoshiro128** and SplitMix64 definitions (8 lanes, lane-major state, keep when u ≥ 2³¹).
        var y = new Dropout(0.5f, 42).Forward(new Tensor(Enumerable.Repeat(1f, 20).ToArray(), 2, 10)).Span.ToArray();
        Assert.AreEqual("0,0,0,1,0,0,1,1,1,0,1,0,0,0,1,1,1,1,0,0", string.Join(",", y.Select(v => v == 0 ? "0" : "1")));
    }
}
