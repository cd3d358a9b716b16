using PoseML.Core;
using PoseML.Nn;
using PoseML.Nn.Losses;
using PoseML.Nn.Modules;
using PoseML.Nn.Networks;
using PoseML.Nn.Optim;
using PoseML.Nn.Serialization;

namespace PoseML.Tests.Nn.Networks;

[TestClass]
public sealed class LifterNetworkTests
{
    /// <summary>PyTorch and PoseML both compute in float32 but sum in different orders (PoseML's reference
    /// GEMM even accumulates in double); over 5 layers of width 64 with outputs of magnitude ≤ ~5 the
    /// differences are a few 1e-6, so outputs must agree to 1e-5 absolute + 1e-5 relative.</summary>
    private const float ForwardTolerance = 1e-5f;

    /// <summary>Gradients: float32 sums over the batch in another order than PyTorch's, 2e-5 absolute +
    /// 2e-4 relative. Parameters after one RMSProp step from identical gradients: float32 rounding of
    /// p − lr·g/(√s + ε) with |p| ≲ 1, well inside 2e-5.</summary>
    private const float TrainTolerance = 2e-5f;

    private static LifterNetwork FixtureEvalNetwork() => new(new LifterNetworkOptions
    {
        InputFeatures = 34, OutputFeatures = 51, Width = 64, ResidualBlocks = 2, Dropout = 0.25f, LeakySlope = 0.2f,
    });

    [TestMethod]
    public void PyTorchLifterWeights_LoadByNameAndReproduceEvalOutput()
    {
        var net = FixtureEvalNetwork();
        net.LoadSafeTensors(TorchFixtures.PathOf("lifter_eval.safetensors"));
        net.Eval();
        var io = TorchFixtures.Read("lifter_eval_io.safetensors");
        var y = net.Forward(io["input"].ToTensor());
        var expected = io["output"].Floats!;
        CollectionAssert.AreEqual(io["output"].Shape, y.Shape);
        AssertClose(expected, y.Span.ToArray(), ForwardTolerance, ForwardTolerance, "output");
        Assert.AreEqual(123L, ((BatchNorm1d)net.Children.First(c => c.Name == "bn").Module).NumBatchesTracked);
    }

    [TestMethod]
    public void PyTorchLifterTrainingStep_MatchesOutputLossGradientsAndUpdatedState()
    {
        var fixture = TorchFixtures.Read("lifter_train.safetensors");
        var net = new LifterNetwork(new LifterNetworkOptions { InputFeatures = 34, OutputFeatures = 51, Width = 32, ResidualBlocks = 1, Dropout = 0f });
        net.LoadStateDict(fixture.WithPrefix("init."));
        var optimizer = new RMSProp(net.Parameters(), learningRate: 1e-2f);
        var loss = new MSELoss();
        var y = net.Forward(fixture["input"].ToTensor());
        AssertClose(fixture["output"].Floats!, y.Span.ToArray(), ForwardTolerance, ForwardTolerance, "output");
        var value = loss.Forward(y, fixture["target"].ToTensor());
        Assert.AreEqual(fixture["loss"].Floats![0], value, 1e-5f * Math.Abs(value));
        net.ZeroGrad();
        net.Backward(loss.Gradient);
        foreach (var (name, p) in net.NamedParameters())
            AssertClose(fixture["grad." + name].Floats!, p.Grad.Span.ToArray(), TrainTolerance, 2e-4f, "grad." + name);
        // RMSProp's first step is lr·g/(√(0.01·g²) + 1e-8), which amplifies the rounding differences of gradients
        // near 1e-7 (e.g. biases feeding BatchNorm, whose true gradient is 0) into O(lr) moves; so the step is
        // taken from PyTorch's gradients (ours matched them above) and must then reproduce PyTorch's parameters.
        foreach (var (name, p) in net.NamedParameters()) fixture["grad." + name].Floats!.CopyTo(p.Grad.Data, 0);
        optimizer.Step();
        var after = fixture.WithPrefix("after.");
        var state = net.StateDict();
        Assert.AreEqual(after.Count, state.Count);
        foreach (var (name, t) in after)
        {
            if (t.Integers is not null) CollectionAssert.AreEqual(t.Integers, state[name].Integers, name);
            else AssertClose(t.Floats!, state[name].Floats!, TrainTolerance, 2e-4f, name);
        }
    }

    [TestMethod]
    public void StateDictNames_FollowPyTorchLifterFields()
    {
        var net = new LifterNetwork(new LifterNetworkOptions { InputFeatures = 4, OutputFeatures = 6, Width = 8, ResidualBlocks = 1 });
        var expected = new[]
        {
            "inp.weight", "inp.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked",
            "blocks.0.l1.weight", "blocks.0.l1.bias", "blocks.0.b1.weight", "blocks.0.b1.bias", "blocks.0.b1.running_mean",
            "blocks.0.b1.running_var", "blocks.0.b1.num_batches_tracked", "blocks.0.l2.weight", "blocks.0.l2.bias",
            "blocks.0.b2.weight", "blocks.0.b2.bias", "blocks.0.b2.running_mean", "blocks.0.b2.running_var",
            "blocks.0.b2.num_batches_tracked", "out.weight", "out.bias",
        };
        CollectionAssert.AreEquivalent(expected, net.StateDict().Keys.ToArray());
        CollectionAssert.AreEqual(new[] { 8, 4 }, net.StateDict()["inp.weight"].Shape);
        CollectionAssert.AreEqual(new[] { 6, 8 }, net.StateDict()["out.weight"].Shape);
    }

    [TestMethod]
    public void GroupedLifter_EqualsIndependentLiftersPerGroup()
    {
        const int groups = 3, inF = 4, outF = 6, width = 8, batch = 5;
        var grouped = new LifterNetwork(new LifterNetworkOptions { InputFeatures = inF, OutputFeatures = outF, Width = width, Groups = groups, ResidualBlocks = 1, Dropout = 0, Seed = 1 });
        var singles = Enumerable.Range(0, groups).Select(g => new LifterNetwork(new LifterNetworkOptions { InputFeatures = inF, OutputFeatures = outF, Width = width, ResidualBlocks = 1, Dropout = 0, Seed = 10 + g })).ToArray();
        // Copy each group's slice of the grouped state into the single lifter g.
        var state = grouped.StateDict();
        for (var g = 0; g < groups; g++)
        {
            var single = singles[g].StateDict();
            foreach (var (name, t) in single)
            {
                if (t.Integers is not null) continue;
                var n = t.Floats!.Length;
                Array.Copy(state[name].Floats!, g * n, t.Floats, 0, n);
            }
            singles[g].LoadStateDict(single);
        }
        var x = Modules.GradientCheck.Random(3, batch, groups * inF);
        foreach (var train in new[] { true, false })
        {
            grouped.Train(train);
            var y = grouped.Forward(x).Span.ToArray();
            for (var g = 0; g < groups; g++)
            {
                singles[g].Train(train);
                var xg = new float[batch * inF];
                for (var b = 0; b < batch; b++) Array.Copy(x.Data, b * groups * inF + g * inF, xg, b * inF, inF);
                var yg = singles[g].Forward(new Tensor(xg, batch, inF)).Span;
                for (var b = 0; b < batch; b++)
                    for (var j = 0; j < outF; j++)
                        Assert.AreEqual(yg[b * outF + j], y[b * groups * outF + g * outF + j], 1e-5f, $"train={train} group {g} row {b} col {j}");
            }
        }
    }

    [TestMethod]
    public void SameSeed_GivesBitIdenticalWeightsAfterTraining_DifferentSeedDiffers()
    {
        var a = TrainedWeights(seed: 5);
        var b = TrainedWeights(seed: 5);
        var c = TrainedWeights(seed: 6);
        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreNotEqual(a, c);
    }

    [TestMethod]
    public void TrainingStep_AllocatesNothingInSteadyState()
    {
        var (net, optimizer, loss, x, y) = SmallTrainingSetup(seed: 1, groups: 2);
        net.MaxThreads = 1; // a multi-threaded GEMM may allocate for its workers; the modules themselves must not
        for (var i = 0; i < 3; i++) TrainStep(net, optimizer, loss, x, y);
        const int steps = 20;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < steps; i++) TrainStep(net, optimizer, loss, x, y);
        var perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)steps;
        Assert.IsTrue(perStep <= MaxBytesPerStep, $"{perStep} bytes allocated per training step");
        net.Eval();
        net.Forward(x);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < steps; i++) net.Forward(x);
        var perForward = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)steps;
        Assert.IsTrue(perForward <= MaxBytesPerStep, $"{perForward} bytes allocated per eval forward");
    }

    [TestMethod]
    public void KaimingNormalInitialization_HasHeScaleAndZeroBiases()
    {
        var net = new LifterNetwork(new LifterNetworkOptions { InputFeatures = 8, OutputFeatures = 3, Width = 256, ResidualBlocks = 1, Initialization = LifterInitialization.KaimingNormal });
        var state = net.StateDict();
        var w = state["blocks.0.l1.weight"].Floats!;
        var variance = w.Average(v => (double)v * v);
        Assert.AreEqual(2.0 / 256, variance, 0.05 * 2.0 / 256); // 65,536 samples: ±0.6 % standard error
        Assert.IsTrue(state["blocks.0.l1.bias"].Floats!.All(v => v == 0));
        Assert.IsTrue(state["bn.weight"].Floats!.All(v => v == 1));
    }

    /// <summary>Zero is expected (every buffer is reused); the bound leaves room only for runtime noise.</summary>
    private const double MaxBytesPerStep = 64;

    [TestMethod]
    public void Options_OutOfRangeAreRejected()
    {
        Assert.ThrowsExactly<InvalidOptionException>(() => new LifterNetwork(new LifterNetworkOptions { InputFeatures = 0, OutputFeatures = 3 }));
        Assert.ThrowsExactly<InvalidOptionException>(() => new LifterNetwork(new LifterNetworkOptions { InputFeatures = 2, OutputFeatures = 3, Dropout = 1f }));
        Assert.ThrowsExactly<InvalidOptionException>(() => new LifterNetwork(new LifterNetworkOptions { InputFeatures = 2, OutputFeatures = 3, Groups = 0 }));
    }

    private static float[] TrainedWeights(int seed)
    {
        var (net, optimizer, loss, x, y) = SmallTrainingSetup(seed, groups: 1);
        for (var i = 0; i < 5; i++) TrainStep(net, optimizer, loss, x, y);
        return net.Parameters().SelectMany(p => p.Value.Span.ToArray()).ToArray();
    }

    private static (LifterNetwork, Optimizer, MSELoss, Tensor, Tensor) SmallTrainingSetup(int seed, int groups)
    {
        var net = new LifterNetwork(new LifterNetworkOptions { InputFeatures = 6, OutputFeatures = 9, Width = 16, Groups = groups, Dropout = 0.5f, Seed = seed });
        return (net, new RMSProp(net.Parameters(), 1e-3f), new MSELoss(),
            Modules.GradientCheck.Random(1, 8, 6 * groups), Modules.GradientCheck.Random(2, 8, 9 * groups));
    }

    private static void TrainStep(Module net, Optimizer optimizer, MSELoss loss, Tensor x, Tensor y)
    {
        optimizer.ZeroGrad();
        loss.Forward(net.Forward(x), y);
        net.Backward(loss.Gradient);
        optimizer.Step();
    }

    internal static void AssertClose(float[] expected, float[] actual, float absolute, float relative, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, what);
        for (var i = 0; i < expected.Length; i++)
        {
            var bound = absolute + relative * Math.Abs(expected[i]);
            Assert.IsTrue(Math.Abs(expected[i] - actual[i]) <= bound, $"{what}[{i}]: expected {expected[i]:G9}, got {actual[i]:G9}");
        }
    }
}
