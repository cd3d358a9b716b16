using PoseML.Nn;
using PoseML.Nn.Modules;
using PoseML.Nn.Networks;

namespace PoseML.Tests.Nn.Modules;

[TestClass]
public sealed class ModuleGradientTests
{
    [TestMethod]
    public void Linear_GradientsMatchFiniteDifferences()
        => GradientCheck.Check(new Linear(5, 4, new Random(1)), GradientCheck.Random(2, 3, 5));

    [TestMethod]
    public void LinearWithoutBias_GradientsMatchFiniteDifferences()
    {
        var layer = new Linear(5, 4, new Random(1), bias: false);
        Assert.IsNull(layer.Bias);
        GradientCheck.Check(layer, GradientCheck.Random(2, 3, 5));
    }

    [TestMethod]
    public void GroupedLinear_GradientsMatchFiniteDifferences()
        => GradientCheck.Check(new GroupedLinear(3, 4, 2, new Random(1)), GradientCheck.Random(2, 5, 12));

    [TestMethod]
    public void BatchNorm1dTrainMode_GradientsMatchFiniteDifferences()
    {
        var bn = new BatchNorm1d(4);
        new Random(3).NextBytes(new byte[1]);
        Randomise(bn, 3);
        GradientCheck.Check(bn, GradientCheck.Random(4, 6, 4, scale: 2));
    }

    [TestMethod]
    public void BatchNorm1dEvalMode_GradientsMatchFiniteDifferences()
    {
        var bn = new BatchNorm1d(4);
        Randomise(bn, 3);
        bn.Eval();
        GradientCheck.Check(bn, GradientCheck.Random(4, 6, 4, scale: 2));
    }

    [TestMethod]
    public void BatchNorm1dWithoutAffine_GradientsMatchFiniteDifferences()
    {
        var bn = new BatchNorm1d(3, affine: false);
        Assert.AreEqual(0, bn.NamedParameters().Count());
        GradientCheck.Check(bn, GradientCheck.Random(4, 5, 3, scale: 2));
    }

    [TestMethod]
    public void ReLU_GradientsMatchFiniteDifferences()
        => GradientCheck.Check(new ReLU(), GradientCheck.Random(5, 4, 6, awayFromZero: 0.1));

    [TestMethod]
    public void LeakyReLU_GradientsMatchFiniteDifferences()
        => GradientCheck.Check(new LeakyReLU(0.2f), GradientCheck.Random(5, 4, 6, awayFromZero: 0.1));

    [TestMethod]
    public void Sigmoid_GradientsMatchFiniteDifferences()
        => GradientCheck.Check(new Sigmoid(), GradientCheck.Random(5, 4, 6, scale: 3));

    [TestMethod]
    public void DropoutWithReplayedMask_GradientsMatchFiniteDifferences()
    {
        var dropout = new Dropout(0.4f, seed: 9);
        GradientCheck.Check(dropout, GradientCheck.Random(5, 4, 6), reset: () => dropout.Reseed(9));
    }

    [TestMethod]
    public void GradientReversal_BackwardIsMinusLambdaTimesGradient()
    {
        var layer = new GradientReversal(0.5f);
        var x = GradientCheck.Random(1, 2, 3);
        Assert.AreSame(x, layer.Forward(x));
        var g = GradientCheck.Random(2, 2, 3);
        var dx = layer.Backward(g);
        for (var i = 0; i < g.Length; i++) Assert.AreEqual(-0.5f * g.Span[i], dx.Span[i]);
    }

    [TestMethod]
    public void ResidualBlockAndSequential_GradientsMatchFiniteDifferences()
    {
        var random = new Random(4);
        var block = new ResidualBlock(new Linear(4, 4, random), new BatchNorm1d(4), new LeakyReLU(0.2f), new Linear(4, 4, random));
        var net = new Sequential(new Linear(3, 4, random), block, new Sigmoid(), new Linear(4, 2, random));
        GradientCheck.Check(net, GradientCheck.Random(6, 5, 3), step: 1e-3f, tolerance: LifterTolerance);
    }

    [TestMethod]
    public void LifterNetworkTrainMode_GradientsMatchFiniteDifferences()
    {
        var net = new LifterNetwork(new LifterNetworkOptions { InputFeatures = 4, OutputFeatures = 3, Width = 6, Dropout = 0.25f, Seed = 3 });
        GradientCheck.Check(net, GradientCheck.Random(7, 6, 4), reset: () => ReseedDropouts(net), step: 1e-3f, tolerance: LifterTolerance, maxChecks: 12);
    }

    [TestMethod]
    public void GroupedLifterNetworkTrainMode_GradientsMatchFiniteDifferences()
    {
        var net = new LifterNetwork(new LifterNetworkOptions { InputFeatures = 4, OutputFeatures = 3, Width = 5, Groups = 3, Dropout = 0.25f, Seed = 3 });
        GradientCheck.Check(net, GradientCheck.Random(7, 6, 12), reset: () => ReseedDropouts(net), step: 1e-3f, tolerance: LifterTolerance, maxChecks: 12);
    }

    /// <summary>Composite networks use h = 1e-3 so that perturbing one weight rarely moves a hidden unit
    /// across a LeakyReLU kink; float32 rounding of f divided by 2h is then about 1e-3, hence 1e-2.</summary>
    private const double LifterTolerance = 1e-2;

    private static void ReseedDropouts(Module module)
    {
        var k = 0;
        foreach (var d in Flatten(module).OfType<Dropout>()) d.Reseed(100 + k++);
    }

    internal static IEnumerable<Module> Flatten(Module module)
    {
        yield return module;
        foreach (var (_, child) in module.Children)
            foreach (var m in Flatten(child)) yield return m;
    }

    private static void Randomise(BatchNorm1d bn, int seed)
    {
        var random = new Random(seed);
        for (var j = 0; j < bn.Features; j++)
        {
            bn.Weight!.Value.Span[j] = (float)(0.5 + random.NextDouble());
            bn.Bias!.Value.Span[j] = (float)(random.NextDouble() - 0.5);
            bn.RunningMean.Span[j] = (float)(random.NextDouble() - 0.5);
            bn.RunningVar.Span[j] = (float)(0.5 + random.NextDouble());
        }
    }
}
