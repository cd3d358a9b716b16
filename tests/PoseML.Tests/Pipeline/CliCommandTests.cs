using PoseML.Cli;
using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.View;

using PoseML.Tests.Cli;

namespace PoseML.Tests.Pipeline;

[TestClass]
public sealed class CliCommandTests
{
    private static string _dir = "";
    private static string _csv2d = "";
    private static string _csv3d = "";

    [ClassInitialize]
    public static void WriteTables(TestContext _) => (_dir, _csv2d, _csv3d) = PoseTableFiles.Write("poseml-cli");

    [ClassCleanup]
    public static void Delete() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => PoseML.Tests.Cli.CliRunner.Run(args);

    [TestMethod]
    public void Cv_PrintsOneLinePerFoldAndTheMeanWithProgressOnStderr()
    {
        var (code, output, error) = Run("cv", "--data", _csv2d, _csv3d, "--folds", "2", "--seed", "3");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "model: linear");
        Assert.AreEqual(2, output.Split('\n').Count(l => l.StartsWith("   1  ") || l.StartsWith("   2  ")));
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"MPJPE: \d+(\.\d+)? ± \d+(\.\d+)? mm"));
        StringAssert.Contains(error, "[CrossValidate] 2/2 100%");
    }

    [TestMethod]
    public void Cv_UnknownModelIsAOneLineError()
    {
        var (code, _, error) = Run("cv", "--data", _csv2d, _csv3d, "--model", "hourglass");
        Assert.AreEqual(1, code);
        Assert.AreEqual("poseml: error: option '--model': unknown model 'hourglass'; expected one of linear", error.Trim());
    }

    [TestMethod]
    public void Cv_OnlyThreeDTablesIsAOneLineError()
    {
        var (code, _, error) = Run("cv", "--data", _csv3d);
        Assert.AreEqual(1, code);
        StringAssert.StartsWith(error, "poseml: error: option 'data': expected at least one 2D");
    }

    [TestMethod]
    public void Sweep_WritesLogAndModelAndResumes()
    {
        var log = Path.Combine(_dir, "trials.jsonl");
        var best = Path.Combine(_dir, "best.zip");
        var (code, output, error) = Run("sweep", "--data", _csv2d, _csv3d, "--tuner", "halving", "--trials", "3", "--log", log, "--out", best, "--seed", "2");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "tuner: halving, trials: 5 (0 read back");
        Assert.AreEqual(6, File.ReadAllLines(log).Length);
        var model = new Microsoft.ML.MLContext(1).Model.Load(best, out var schema);
        Assert.IsNotNull(model.GetOutputSchema(schema).GetColumnOrNull(PoseColumns.PredictedPose3D), "the saved best pipeline is an ML.NET model writing PredictedPose3D");

        (code, _, error) = Run("sweep", "--data", _csv2d, _csv3d, "--tuner", "halving", "--trials", "3", "--log", log, "--out", best, "--seed", "2");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "already exists; resume it");

        (code, output, error) = Run("sweep", "--data", _csv2d, _csv3d, "--tuner", "halving", "--trials", "3", "--log", log, "--out", best, "--seed", "2", "--resume");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "trials: 5 (5 read back");
    }

    [TestMethod]
    public void Sweep_UnknownTunerIsAOneLineError()
    {
        var (code, _, error) = Run("sweep", "--data", _csv2d, _csv3d, "--tuner", "bayes", "--log", Path.Combine(_dir, "x.jsonl"), "--out", Path.Combine(_dir, "x.zip"));
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "option '--tuner': expected random, grid or halving, got 'bayes'");
    }
}
