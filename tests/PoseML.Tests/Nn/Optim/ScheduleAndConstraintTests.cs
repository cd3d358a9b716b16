using PoseML.Nn;
using PoseML.Nn.Modules;
using PoseML.Nn.Optim;

namespace PoseML.Tests.Nn.Optim;

[TestClass]
public sealed class ScheduleAndConstraintTests
{
    [TestMethod]
    public void ExponentialDecay_ContinuousAndStaircase()
    {
        var continuous = new ExponentialDecay(1e-3f, 0.96, 100_000);
        Assert.AreEqual(1e-3f, continuous.LearningRateAt(0));
        Assert.AreEqual(1e-3 * 0.96, continuous.LearningRateAt(100_000), 1e-9);
        Assert.AreEqual(1e-3 * Math.Pow(0.96, 0.5), continuous.LearningRateAt(50_000), 1e-9);
        var staircase = new ExponentialDecay(1e-3f, 0.96, 100_000, Staircase: true);
        Assert.AreEqual(1e-3f, staircase.LearningRateAt(99_999));
        Assert.AreEqual(1e-3 * 0.96 * 0.96, staircase.LearningRateAt(250_000), 1e-9);
        Assert.AreEqual(0.5 * Math.Pow(0.9, 3), new ExponentialDecay(0.5f, 0.9).LearningRateAt(3), 1e-7);
    }

    [TestMethod]
    public void StepDecay_AppliesGammaEveryStepSize()
    {
        var schedule = new StepDecay(0.1f, 10, 0.5);
        Assert.AreEqual(0.1f, schedule.LearningRateAt(9));
        Assert.AreEqual(0.05f, schedule.LearningRateAt(10), 1e-8f);
        Assert.AreEqual(0.025f, schedule.LearningRateAt(25), 1e-8f);
        var optimizer = new SGD(Array.Empty<Parameter>(), 1f);
        for (var i = 0; i < 10; i++) optimizer.Step();
        schedule.Apply(optimizer);
        Assert.AreEqual(0.05f, optimizer.LearningRate, 1e-8f);
    }

    [TestMethod]
    public void MaxNorm_RescalesOnlyRowsAboveTheBound()
    {
        var w = new Tensor(new[] { 3f, 4f, 0.3f, 0.4f }, 2, 2); // row norms 5 and 0.5
        Assert.AreEqual(1, ParameterConstraints.MaxNorm(w, 1f));
        Assert.AreEqual(0.6f, w.Span[0], 1e-6f);
        Assert.AreEqual(0.8f, w.Span[1], 1e-6f);
        Assert.AreEqual(0.3f, w.Span[2]);
        Assert.AreEqual(0.4f, w.Span[3]);
    }

    [TestMethod]
    public void ClipGradientNorm_ScalesToGlobalNormAndReportsTheNormBefore()
    {
        var a = new Parameter(Tensor.Zeros(2));
        var b = new Parameter(Tensor.Zeros(1));
        a.Grad.Span[0] = 3; a.Grad.Span[1] = 0; b.Grad.Span[0] = 4; // global norm 5
        var norm = ParameterConstraints.ClipGradientNorm(new[] { a, b }, 1f);
        Assert.AreEqual(5.0, norm, 1e-6);
        Assert.AreEqual(0.6f, a.Grad.Span[0], 1e-6f);
        Assert.AreEqual(0.8f, b.Grad.Span[0], 1e-6f);
        Assert.AreEqual(1.0, ParameterConstraints.ClipGradientNorm(new[] { a, b }, 2f), 1e-6); // below the bound: unchanged
        Assert.AreEqual(0.6f, a.Grad.Span[0], 1e-6f);
    }
}
