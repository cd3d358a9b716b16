using System.Text.Json;
using PoseML.Cli;

namespace PoseML.Tests.Nn.Networks;

[TestClass]
public sealed class LifterBenchCommandTests
{
    [TestMethod]
    public void BenchLifterJson_ReportsPositiveRatesAndNoSteadyStateAllocation()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(new[] { "bench", "lifter", "--groups", "2", "--n-in", "3", "--width", "8", "--batch", "4", "--seconds", "0.05", "--threads", "1", "--format", "json" }, output, error);
        Assert.AreEqual(0, code, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.IsTrue(root.GetProperty("train_samples_per_s").GetDouble() > 0);
        Assert.IsTrue(root.GetProperty("infer_samples_per_s").GetDouble() > 0);
        Assert.IsTrue(root.GetProperty("latency_us").GetDouble() > 0);
        Assert.AreEqual(0.0, root.GetProperty("alloc_bytes_per_train_step").GetDouble());
        // params: G·(6·8+8 + 4·(8·8+8) + 8·9+9) + 5 BatchNorms · 2 · G·8
        Assert.AreEqual(2 * (56 + 288 + 81) + 5 * 2 * 16, root.GetProperty("params").GetInt64());
    }

    [TestMethod]
    public void BenchLifter_RejectsUnknownFormat()
    {
        var error = new StringWriter();
        Assert.AreEqual(CliApp.InputError, CliApp.Run(new[] { "bench", "lifter", "--format", "xml" }, new StringWriter(), error));
        StringAssert.Contains(error.ToString(), "--format");
    }
}
