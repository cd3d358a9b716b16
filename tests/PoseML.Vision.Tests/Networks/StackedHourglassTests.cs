using PoseML.Core;
using PoseML.Nn.Serialization;
using PoseML.Vision.Networks.Hourglass;
using static TorchSharp.torch;

namespace PoseML.Vision.Tests.Networks;

[TestClass]
public sealed class StackedHourglassTests
{
    /// <summary>The fixture's architecture (make_fixture.py: STACKS, WIDTH, DEPTH, SIZE, JOINTS).</summary>
    internal static readonly HourglassShape FixtureShape = new(Stacks: 2, Width: 8, Depth: 2, InputSize: 32, Joints: 4);

    /// <summary>float32 networks of ~40 layers evaluated by two libraries (different convolution algorithms and summation
    /// orders) agree to a few float32 ulps of the activations (|y| ≤ 1; 3e-7 observed); 1e-4 absolute leaves two orders of
    /// margin and stays far below any wrong-wiring difference (≥ 1e-2).</summary>
    internal const float PyTorchTolerance = 1e-4f;

    internal static string FixtureDir => Path.Combine(AppContext.BaseDirectory, "Fixtures", "hourglass");

    internal static Dictionary<string, SafeTensor> ReadFixture(string file)
    {
        using var stream = File.OpenRead(Path.Combine(FixtureDir, file));
        return SafeTensorsFile.Read(stream, file).Tensors;
    }

    [TestMethod]
    public void PyTorchWeightsGiveThePyTorchHeatmaps()
    {
        using var scope = NewDisposeScope();
        var net = new StackedHourglass(FixtureShape);
        HourglassWeights.Load(net, Path.Combine(FixtureDir, "weights.safetensors"));
        net.eval();
        var io = ReadFixture("io.safetensors");
        var x = tensor(io["input"].Floats!, io["input"].Shape.Select(d => (long)d).ToArray());
        using var noGrad = no_grad();
        var y = net.forward(x);
        var expected = io["heatmaps"];
        CollectionAssert.AreEqual(expected.Shape.Select(d => (long)d).ToArray(), y.shape);
        var actual = y.data<float>().ToArray();
        var worst = actual.Zip(expected.Floats!, (a, e) => Math.Abs(a - e)).Max();
        Console.WriteLine($"largest difference to PyTorch: {worst:E2}");
        Assert.IsTrue(worst <= PyTorchTolerance, $"largest difference to PyTorch {worst}");
        // the prediction is the last stack
        var last = net.Predict(x).data<float>().ToArray();
        var lastExpected = Enumerable.Range(0, 2).SelectMany(b => actual.Skip(b * 2 * 4 * 64 + 4 * 64).Take(4 * 64)).ToArray();
        CollectionAssert.AreEqual(lastExpected, last);
    }

    [TestMethod]
    public void SavedWeightsReadBackToTheSameStateAndNames()
    {
        using var scope = NewDisposeScope();
        var net = new StackedHourglass(FixtureShape);
        HourglassWeights.Load(net, Path.Combine(FixtureDir, "weights.safetensors"));
        var path = Path.Combine(Path.GetTempPath(), $"poseml-hg-{Guid.NewGuid():N}.safetensors");
        try
        {
            HourglassWeights.Save(net, path, new Dictionary<string, string> { ["k"] = "v" });
            var original = ReadFixture("weights.safetensors");
            using var stream = File.OpenRead(path);
            var (saved, meta) = SafeTensorsFile.Read(stream, path);
            Assert.AreEqual("v", meta["k"]);
            CollectionAssert.AreEquivalent(original.Keys.ToArray(), saved.Keys.ToArray(), "the same PyTorch names");
            foreach (var (name, t) in original)
            {
                if (t.Floats is { } f) CollectionAssert.AreEqual(f, saved[name].Floats, name);
                else CollectionAssert.AreEqual(t.Integers, saved[name].Integers, name);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void AWeightFileOfAnotherShapeIsRejectedNamingTheTensor()
    {
        using var scope = NewDisposeScope();
        var net = new StackedHourglass(FixtureShape with { Width = 16 });
        var ex = Assert.ThrowsExactly<DataFormatException>(() => HourglassWeights.Load(net, Path.Combine(FixtureDir, "weights.safetensors")));
        StringAssert.Contains(ex.Message, "shape");
        StringAssert.Contains(ex.Message, "weights.safetensors");
    }

    [TestMethod]
    public void TheSameSeedGivesTheSameWeightBits()
    {
        float[] Weights(int seed)
        {
            using var scope = NewDisposeScope();
            var net = StackedHourglass.Create(FixtureShape, seed);
            return HourglassWeights.ToSafeTensors(net).OrderBy(p => p.Key, StringComparer.Ordinal)
                .SelectMany(p => p.Value.Floats ?? []).ToArray();
        }
        var a = Weights(5);
        CollectionAssert.AreEqual(a, Weights(5));
        CollectionAssert.AreNotEqual(a, Weights(6));
    }

    [TestMethod]
    public void InvalidShapesAreRejected()
    {
        Assert.ThrowsExactly<InvalidOptionException>(() => new HourglassShape(2, 8, 3, 48, 4).Validate()); // 48 not a multiple of 32
        Assert.ThrowsExactly<InvalidOptionException>(() => new HourglassShape(0, 8, 2, 32, 4).Validate());
        Assert.ThrowsExactly<InvalidOptionException>(() => new HourglassShape(1, 7, 2, 32, 4).Validate());
        new HourglassShape(1, 8, 3, 64, 17).Validate();
    }
}
