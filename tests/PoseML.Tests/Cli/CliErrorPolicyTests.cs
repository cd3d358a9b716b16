using PoseML.Cli;

namespace PoseML.Tests.Cli;

[TestClass]
public sealed class CliErrorPolicyTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => PoseML.Tests.Cli.CliRunner.Run(args);

    [TestMethod]
    public void DataInspect_PrintsSubjectsActionsAndShapes()
    {
        var (code, output, _) = Run("data", "inspect", Path.Combine(RepoPaths.Root, "datasets", "cmu", "poses", "11_01.csv"));
        Assert.AreEqual(0, code);
        StringAssert.Contains(output, "subject CMU11");
        StringAssert.Contains(output, "Kick 01");
        StringAssert.Contains(output, "Pose3D: float[17,3]");
    }

    [TestMethod]
    public void BadInput_IsOneLineNamingTheFileWithNonZeroExit()
    {
        var path = Path.Combine(RepoPaths.Root, "datasets", "cmu", "ATTRIBUTION.txt");
        var (code, _, error) = Run("data", "inspect", path);
        Assert.AreEqual(CliApp.InputError, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(1, lines.Length, error);
        StringAssert.StartsWith(lines[0], "poseml: error: ");
        StringAssert.Contains(lines[0], "ATTRIBUTION.txt:1");
    }

    [TestMethod]
    public void Verbose_AddsTheStackTrace()
    {
        var (code, _, error) = Run("data", "inspect", "no-such-file.csv", "--verbose");
        Assert.AreEqual(CliApp.InputError, code);
        StringAssert.Contains(error, "no-such-file.csv");
        StringAssert.Contains(error, " at ");
    }
}
