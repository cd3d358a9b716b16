using System.Text.Json;
using PoseML.Cli;
using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.View;

namespace PoseML.Tests.Evaluation;

[TestClass]
public sealed class EvaluateCommandTests
{
    /// <summary>The brief's agreement bound with VideoPose3D's definitions (mm); the CSV round trip is exact.</summary>
    private const double AgreementMm = 0.01;

    private string _dir = "";

    [TestInitialize]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "poseml-evaluate-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private (string Pred, string Gt, IReadOnlyList<VideoPose3DAgreementTests.Case> Cases) WriteFixtureCsvs()
    {
        var rows = (int)PoseEvaluationTests.FixtureViews().Truth.Rows;
        // Ground truth in reverse order, so the command must match rows by key.
        var (predicted, truth, cases) = PoseEvaluationTests.FixtureViews(Enumerable.Range(0, rows).Reverse().ToArray());
        var pred = Path.Combine(_dir, "P.csv");
        var gt = Path.Combine(_dir, "G.csv");
        PoseCsv.Write(predicted, pred, PoseTestData.H36M, PoseColumns.Pose3D);
        PoseCsv.Write(truth, gt, PoseTestData.H36M, PoseColumns.Pose3D);
        return (pred, gt, cases);
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => PoseML.Tests.Cli.CliRunner.Run(args);

    [TestMethod]
    public void Evaluate_JsonMatchesReferenceValuesAndKeys()
    {
        var (pred, gt, cases) = WriteFixtureCsvs();
        var outFile = Path.Combine(_dir, "report.json");
        var (code, stdout, stderr) = Run("evaluate", "--pred", pred, "--gt", gt, "--format", "json", "--out", outFile);
        Assert.AreEqual(0, code, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        var keys = root.EnumerateObject().Select(p => p.Name).ToArray();
        CollectionAssert.AreEqual(new[] { "frames", "mpjpe", "pa_mpjpe", "n_mpjpe", "pck150", "auc", "per_joint", "per_action" }, keys.Take(8).ToArray());
        Assert.AreEqual(cases.Sum(c => c.Frames), root.GetProperty("frames").GetInt32());
        Assert.AreEqual(cases.Average(c => c.Mpjpe), root.GetProperty("mpjpe").GetDouble(), AgreementMm);
        Assert.AreEqual(cases.Average(c => c.PMpjpe), root.GetProperty("pa_mpjpe").GetDouble(), AgreementMm);
        Assert.AreEqual(cases.Average(c => c.NMpjpe), root.GetProperty("n_mpjpe").GetDouble(), AgreementMm);
        Assert.AreEqual(cases.Average(c => c.Pck150), root.GetProperty("pck150").GetDouble(), 1e-5);
        Assert.AreEqual(cases.Average(c => c.Auc), root.GetProperty("auc").GetDouble(), 1e-5);
        var perJoint = root.GetProperty("per_joint");
        for (var j = 0; j < 17; j++)
            Assert.AreEqual(cases.Average(c => c.PerJoint[j]), perJoint.GetProperty(PoseTestData.H36M.JointNames[j]).GetDouble(), AgreementMm);
        foreach (var c in cases)
        {
            var a = root.GetProperty("per_action").GetProperty(c.Name);
            CollectionAssert.AreEqual(new[] { "frames", "mpjpe", "pa_mpjpe" }, a.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.AreEqual(c.Frames, a.GetProperty("frames").GetInt32());
            Assert.AreEqual(c.Mpjpe, a.GetProperty("mpjpe").GetDouble(), AgreementMm);
            Assert.AreEqual(c.PMpjpe, a.GetProperty("pa_mpjpe").GetDouble(), AgreementMm);
        }
        // --out writes the same report.
        using var written = JsonDocument.Parse(File.ReadAllText(outFile));
        Assert.AreEqual(root.GetProperty("pa_mpjpe").GetDouble(), written.RootElement.GetProperty("pa_mpjpe").GetDouble());
    }

    [TestMethod]
    public void Evaluate_TablePrintsTheSummary()
    {
        var (pred, gt, cases) = WriteFixtureCsvs();
        var (code, stdout, stderr) = Run("evaluate", "--pred", pred, "--gt", gt);
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "PA-MPJPE");
        StringAssert.Contains(stdout, cases.Average(c => c.PMpjpe).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        StringAssert.Contains(stdout, "near_planar_prediction");
        StringAssert.Contains(stdout, "LWrist");
        Assert.IsFalse(stdout.Contains('\u001b'), "no ANSI escapes in redirected output");
    }

    [TestMethod]
    public void Evaluate_UnmatchedPrediction_FailsWithOneLineNamingFileRowAndKey()
    {
        var (predicted, truth, _) = PoseEvaluationTests.FixtureViews();
        var pred = Path.Combine(_dir, "P.csv");
        var gt = Path.Combine(_dir, "G.csv");
        PoseCsv.Write(predicted, pred, PoseTestData.H36M, PoseColumns.Pose3D);
        PoseCsv.Write(truth.Take(truth.Rows - 1), gt, PoseTestData.H36M, PoseColumns.Pose3D);
        var (code, _, stderr) = Run("evaluate", "--pred", pred, "--gt", gt, "--format", "json");
        Assert.AreEqual(CliApp.InputError, code);
        var line = stderr.TrimEnd();
        Assert.IsFalse(line.Contains('\n'), line);
        StringAssert.StartsWith(line, "poseml: error: " + pred);
        StringAssert.Contains(line, $"row {predicted.Rows}");
        StringAssert.Contains(line, "subject,action,camera,frame");
        StringAssert.Contains(line, "no ground-truth row in " + gt);
        // With --ignore-unmatched the matched rows are evaluated.
        var (ok, stdout, err) = Run("evaluate", "--pred", pred, "--gt", gt, "--format", "json", "--ignore-unmatched");
        Assert.AreEqual(0, ok, err);
        Assert.AreEqual(predicted.Rows - 1, JsonDocument.Parse(stdout).RootElement.GetProperty("frames").GetInt32());
    }

    [TestMethod]
    public void Evaluate_EmptyPredictionCell_FailsNamingFileLineAndField_UnlessSkipped()
    {
        var (pred, gt, _) = WriteFixtureCsvs();
        var lines = File.ReadAllLines(pred);
        var cells = lines[2].Split(',');
        cells[4 + 2 * 3 + 1] = ""; // RKnee_y of the second data row (line 3)
        lines[2] = string.Join(',', cells);
        File.WriteAllLines(pred, lines);
        var (code, _, stderr) = Run("evaluate", "--pred", pred, "--gt", gt);
        Assert.AreEqual(CliApp.InputError, code);
        StringAssert.Contains(stderr, pred + ":3");
        StringAssert.Contains(stderr, "RKnee_y");
        var (ok, stdout, err) = Run("evaluate", "--pred", pred, "--gt", gt, "--format", "json", "--skip-missing");
        Assert.AreEqual(0, ok, err);
        Assert.AreEqual(1, JsonDocument.Parse(stdout).RootElement.GetProperty("missing_joints").GetInt32());
    }

    [TestMethod]
    public void Evaluate_DifferentSkeletons_FailsNamingBothFiles()
    {
        var (pred, _, _) = WriteFixtureCsvs();
        var other = Path.Combine(_dir, "mpii.csv");
        var view = new DataViewBuilder()
            .AddText(PoseColumns.Subject, ["S1"]).AddText(PoseColumns.Action, ["A"])
            .AddInt(PoseColumns.Camera, [0]).AddInt(PoseColumns.Frame, [0])
            .AddFloat(PoseColumns.Pose3D, new float[16 * 3], 16, 3).Build();
        PoseCsv.Write(view, other, PoseML.Data.Skeletons.Mpii16, PoseColumns.Pose3D);
        var (code, _, stderr) = Run("evaluate", "--pred", pred, "--gt", other);
        Assert.AreEqual(CliApp.InputError, code);
        StringAssert.Contains(stderr, pred);
        StringAssert.Contains(stderr, other);
    }
}
