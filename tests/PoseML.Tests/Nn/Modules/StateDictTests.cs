using PoseML.Core;
using PoseML.Nn.Modules;
using PoseML.Nn.Serialization;

namespace PoseML.Tests.Nn.Modules;

[TestClass]
public sealed class StateDictTests
{
    private static Sequential Net() => new(new Linear(2, 3, new Random(1)), new BatchNorm1d(3), new ReLU(), new Linear(3, 1, new Random(2), bias: false));

    [TestMethod]
    public void NamedParameters_UsePyTorchNames()
    {
        CollectionAssert.AreEqual(new[] { "0.weight", "0.bias", "1.weight", "1.bias", "3.weight" }, Net().NamedParameters().Select(p => p.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "1.running_mean", "1.running_var", "1.num_batches_tracked" }, Net().NamedBuffers().Select(p => p.Name).ToArray());
    }

    [TestMethod]
    public void StrictLoad_RejectsMissingKey()
    {
        var state = Net().StateDict();
        state.Remove("1.running_var");
        var e = Assert.ThrowsExactly<DataFormatException>(() => Net().LoadStateDict(state));
        Assert.AreEqual("1.running_var", e.Field);
        StringAssert.Contains(e.Message, "missing");
    }

    [TestMethod]
    public void StrictLoad_RejectsUnexpectedKey()
    {
        var state = Net().StateDict();
        state["2.weight"] = SafeTensor.Float32(new float[1], 1);
        var e = Assert.ThrowsExactly<DataFormatException>(() => Net().LoadStateDict(state));
        Assert.AreEqual("2.weight", e.Field);
        StringAssert.Contains(e.Message, "unexpected");
    }

    [TestMethod]
    public void Load_RejectsWrongShapeEvenWhenNotStrict_AndChangesNothing()
    {
        var target = Net();
        var before = target.StateDict();
        var state = Net().StateDict();
        state["0.weight"] = SafeTensor.Float32(new float[6], 2, 3);
        state["0.bias"] = SafeTensor.Float32(new float[] { 7, 7, 7 }, 3);
        var e = Assert.ThrowsExactly<DataFormatException>(() => target.LoadStateDict(state, strict: false));
        Assert.AreEqual("0.weight", e.Field);
        StringAssert.Contains(e.Message, "[2,3]");
        CollectionAssert.AreEqual(before["0.bias"].Floats, target.StateDict()["0.bias"].Floats);
    }

    [TestMethod]
    public void Load_RejectsFloatWhereIntegerExpected()
    {
        var state = Net().StateDict();
        state["1.num_batches_tracked"] = SafeTensor.Float32(new float[1]);
        Assert.AreEqual("1.num_batches_tracked", Assert.ThrowsExactly<DataFormatException>(() => Net().LoadStateDict(state)).Field);
    }

    [TestMethod]
    public void NonStrictLoad_ReportsMissingAndUnexpected()
    {
        var state = Net().StateDict();
        state.Remove("3.weight");
        state["extra"] = SafeTensor.Float32(new float[1], 1);
        var result = Net().LoadStateDict(state, strict: false);
        CollectionAssert.AreEqual(new[] { "3.weight" }, result.MissingKeys.ToArray());
        CollectionAssert.AreEqual(new[] { "extra" }, result.UnexpectedKeys.ToArray());
    }

    [TestMethod]
    public void FrozenParameters_AccumulateNoGradient()
    {
        var net = Net();
        var first = (Linear)net[0];
        first.SetRequiresGrad(false);
        var x = GradientCheck.Random(1, 4, 2);
        var y = net.Forward(x);
        var g = new PoseML.Nn.Tensor(Enumerable.Repeat(1f, y.Length).ToArray(), y.Shape);
        net.ZeroGrad();
        net.Backward(g);
        Assert.IsTrue(first.Weight.Grad.Span.ToArray().All(v => v == 0));
        Assert.IsTrue(((Linear)net[3]).Weight.Grad.Span.ToArray().Any(v => v != 0));
    }

    [TestMethod]
    public void TrainAndEval_AreRecursive()
    {
        var net = Net();
        net.Eval();
        Assert.IsTrue(net.Children.All(c => !c.Module.IsTraining));
        net.Train();
        Assert.IsTrue(net.Children.All(c => c.Module.IsTraining));
    }
}

[TestClass]
public sealed class ContainerAndGroupedLinearTests
{
    [TestMethod]
    public void ModuleListAndNamedSequential_NameChildrenLikePyTorch()
    {
        var random = new Random(1);
        var list = new ModuleList(new Linear(2, 2, random), new BatchNorm1d(2));
        CollectionAssert.AreEqual(new[] { "0.weight", "0.bias", "1.weight", "1.bias" }, list.NamedParameters().Select(p => p.Name).ToArray());
        var seq = new Sequential(new (string, Module)[] { ("encoder", new Linear(2, 3, random)), ("head", new Linear(3, 1, random)) });
        CollectionAssert.AreEqual(new[] { "encoder.weight", "encoder.bias", "head.weight", "head.bias" }, seq.NamedParameters().Select(p => p.Name).ToArray());
        Assert.ThrowsExactly<NotSupportedException>(() => list.Forward(PoseML.Nn.Tensor.Zeros(1, 2)));
    }

    [TestMethod]
    public void DuplicateChildName_IsRejected()
        => Assert.ThrowsExactly<InvalidOptionException>(() => new Sequential(new (string, Module)[] { ("a", new ReLU()), ("a", new ReLU()) }));

    [TestMethod]
    public void GroupedLinear_EqualsSeparateLinearPerGroup()
    {
        const int groups = 3, inF = 4, outF = 2, batch = 5;
        var grouped = new GroupedLinear(groups, inF, outF, new Random(1));
        var x = GradientCheck.Random(2, batch, groups * inF);
        var y = grouped.Forward(x).Span.ToArray();
        for (var g = 0; g < groups; g++)
        {
            var single = new Linear(inF, outF, new Random(9));
            grouped.Weight.Value.Span.Slice(g * outF * inF, outF * inF).CopyTo(single.Weight.Value.Span);
            grouped.Bias!.Value.Span.Slice(g * outF, outF).CopyTo(single.Bias!.Value.Span);
            var xg = new float[batch * inF];
            for (var b = 0; b < batch; b++) Array.Copy(x.Data, b * groups * inF + g * inF, xg, b * inF, inF);
            var yg = single.Forward(new PoseML.Nn.Tensor(xg, batch, inF)).Span;
            for (var b = 0; b < batch; b++)
                for (var j = 0; j < outF; j++)
                    Assert.AreEqual(yg[b * outF + j], y[b * groups * outF + g * outF + j], 1e-6f);
        }
    }

    [TestMethod]
    public void Linear_RejectsWrongInputWidth()
        => Assert.ThrowsExactly<InvalidOptionException>(() => new Linear(3, 2, new Random(1)).Forward(PoseML.Nn.Tensor.Zeros(2, 4)));

    [TestMethod]
    public void Load_RejectsNonFiniteWeights_NamingTheKey_AndChangesNothing()
    {
        static Sequential Net() => new(new Linear(2, 3, new Random(1)), new BatchNorm1d(3), new ReLU(), new Linear(3, 1, new Random(2), bias: false));
        var state = Net().StateDict();
        state["3.weight"].Floats![1] = float.NaN;
        var net = Net();
        var before = net.StateDict()["0.weight"].Floats!;
        var e = Assert.ThrowsExactly<DataFormatException>(() => net.LoadStateDict(state, strict: false, source: "w.safetensors"));
        Assert.AreEqual("3.weight", e.Field);
        StringAssert.Contains(e.Message, "w.safetensors");
        StringAssert.Contains(e.Message, "non-finite");
        CollectionAssert.AreEqual(before, net.StateDict()["0.weight"].Floats!);
    }
}
