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
