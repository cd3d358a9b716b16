using System.Text.Json;
using PoseML.Nn;
using PoseML.Nn.Modules;
using PoseML.Nn.Optim;

namespace PoseML.Tests.Nn.Optim;

[TestClass]
public sealed class OptimizerFixtureTests
{
    /// <summary>Six float32 steps of the same update rule as PyTorch with parameters of magnitude ≲ 3:
    /// only the order of float operations differs, a few ulps per step, hence 1e-5 absolute + 1e-5 relative.</summary>
    private const double Tolerance = 1e-5;

    public static IEnumerable<object[]> Cases()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch", "optim.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray()) yield return new object[] { c.GetProperty("name").GetString()! };
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Step_MatchesPyTorchTrajectory(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch", "optim.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var shape = c.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var parameter = new Parameter(new Tensor(Floats(c.GetProperty("initial")), shape));
        var o = c.GetProperty("options");
        float Opt(string key, float fallback) => o.TryGetProperty(key, out var v) ? v.GetSingle() : fallback;
        bool Flag(string key) => o.TryGetProperty(key, out var v) && v.GetBoolean();
        Optimizer optimizer = c.GetProperty("optimizer").GetString() switch
        {
            "SGD" => new SGD(new[] { parameter }, Opt("lr", 0), Opt("momentum", 0), 0, Flag("nesterov"), Opt("weight_decay", 0)),
            "RMSprop" => new RMSProp(new[] { parameter }, Opt("lr", 0.01f), weightDecay: Opt("weight_decay", 0), momentum: Opt("momentum", 0), centered: Flag("centered")),
            "Adam" => new Adam(new[] { parameter }, Opt("lr", 1e-3f), weightDecay: Opt("weight_decay", 0), amsGrad: Flag("amsgrad")),
            var other => throw new InvalidOperationException(other),
        };
        var grads = c.GetProperty("gradients").EnumerateArray().Select(Floats).ToArray();
        var expected = c.GetProperty("expected").EnumerateArray().Select(Floats).ToArray();
        for (var s = 0; s < grads.Length; s++)
        {
            grads[s].CopyTo(parameter.Grad.Span);
            optimizer.Step();
            for (var i = 0; i < parameter.Length; i++)
            {
                var e = expected[s][i];
                Assert.AreEqual(e, parameter.Value.Span[i], Tolerance * (1 + Math.Abs(e)), $"{name} step {s + 1} element {i}");
            }
        }
    }

    [TestMethod]
    public void FrozenParameter_IsNotUpdated()
    {
        var trained = new Parameter(new Tensor(new[] { 1f, 2f }, 2));
        var frozen = new Parameter(new Tensor(new[] { 1f, 2f }, 2)) { RequiresGrad = false };
        trained.Grad.Span.Fill(1);
        frozen.Grad.Span.Fill(1);
        new Adam(new[] { trained, frozen }, 0.1f).Step();
        CollectionAssert.AreEqual(new[] { 1f, 2f }, frozen.Value.Span.ToArray());
        CollectionAssert.AreNotEqual(new[] { 1f, 2f }, trained.Value.Span.ToArray());
    }

    private static float[] Floats(JsonElement e) => e.EnumerateArray().Select(v => v.GetSingle()).ToArray();
}
