using System.Text.Json;
using PoseML.Cli;

namespace PoseML.Tests.Nn.Kernels;

[TestClass]
public sealed class GemmBenchCommandTests
{
    [TestMethod]
    public void BenchGemm_PrintsJsonWithShapeThreadsAndPositiveRate()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(["bench", "gemm", "--m", "16", "--n", "24", "--k", "8", "--threads", "1", "--repeat", "1", "--format", "json"], output, error);
        Assert.AreEqual(0, code, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.AreEqual(16, root.GetProperty("m").GetInt32());
        Assert.AreEqual(24, root.GetProperty("n").GetInt32());
        Assert.AreEqual(8, root.GetProperty("k").GetInt32());
        Assert.AreEqual(1, root.GetProperty("threads").GetInt32());
        Assert.IsGreaterThan(0.0, root.GetProperty("gflops").GetDouble());
        Assert.IsGreaterThan(0.0, root.GetProperty("seconds").GetDouble());
    }

    [TestMethod]
    public void BenchGemm_RejectsNonPositiveDimensionsWithOneLineError()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(["bench", "gemm", "--m", "0"], output, error);
        Assert.AreEqual(CliApp.InputError, code);
        StringAssert.StartsWith(error.ToString(), "poseml: error: option '--m/--n/--k'");
    }
}
