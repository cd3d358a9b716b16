using System.Globalization;
using PoseML.Cli;
using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.View;
using PoseML.Evaluation;
using PoseML.Evaluation.Protocols;
using PoseML.Stages.RarePose;

namespace PoseML.Tests.Stages.RarePose;

[TestClass]
public sealed class RarityCliTests
{
    private const int Joints = 17;
    private string _dir = "";

    [TestInitialize]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "poseml-rarity-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string Cmu(string take) => Path.Combine(RepoPaths.Root, "datasets", "cmu", "poses", take + ".csv");

    private static float[] ScoresOf(string scoredPath, string[] inputLines)
    {
        var lines = File.ReadAllLines(scoredPath);
        Assert.AreEqual(inputLines[0] + ",occurrence", lines[0]);
        var data = inputLines.Skip(1).Where(l => l.Length > 0).ToArray();
        Assert.AreEqual(data.Length + 1, lines.Length);
        var scores = new float[data.Length];
        for (var r = 0; r < data.Length; r++)
        {
            Assert.IsTrue(lines[r + 1].StartsWith(data[r] + ",", StringComparison.Ordinal), $"row {r} changed");
            scores[r] = float.Parse(lines[r + 1][(data[r].Length + 1)..], CultureInfo.InvariantCulture);
        }
        return scores;
    }

    [TestMethod]
    public void Rarity_RoundTrip_AppendsOccurrenceColumnEqualToLibraryScores()
    {
        var reference = Cmu("35_01");
        var input = Cmu("09_11");
        var outPath = Path.Combine(_dir, "scores.csv");
        var (code, output, error) = Run("rarity", "--ref", reference, "--in", input, "--out", outPath, "--mode", "exact");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "exact mode");
        var scores = ScoresOf(outPath, File.ReadAllLines(input));

        var expected = OccurrenceScorer.Fit(PoseCsv.Read(reference), new RarePoseOptions { Mode = OccurrenceMode.Exact })
            .Score(PoseCsv.Read(input).ReadFloats(PoseColumns.Pose3D));
        CollectionAssert.AreEqual(expected, scores, "the 'R' format round-trips floats exactly");

        var fastPath = Path.Combine(_dir, "fast.csv");
        (code, output, error) = Run("rarity", "--ref", reference, "--in", input, "--out", fastPath);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "error bound");
        var fast = ScoresOf(fastPath, File.ReadAllLines(input));
        var bound = OccurrenceScorer.Fit(PoseCsv.Read(reference)).ErrorBound;
        for (var r = 0; r < fast.Length; r++) Assert.AreEqual(expected[r], fast[r], bound);
    }

    [TestMethod]
    public void Rarity_Rejects2DReferenceWithOneLineError()
    {
        var keypoints = Path.Combine(_dir, "k2d.csv");
        File.WriteAllText(keypoints, "subject,action,camera,frame," + string.Join(",", Skeletons.Human36M17.JointNames.Select(j => $"{j}_u,{j}_v")) + "\n");
        var (code, _, error) = Run("rarity", "--ref", keypoints, "--in", Cmu("09_11"), "--out", Path.Combine(_dir, "x.csv"));
        Assert.AreEqual(1, code);
        StringAssert.StartsWith(error, "poseml: error:");
        StringAssert.Contains(error, "expected a 3D pose table");
        Assert.IsFalse(File.Exists(Path.Combine(_dir, "x.csv")));
    }

    /// <summary>Writes ground truth (CMU 35_01) and predictions offset by a known, per-row error of d_r mm along x on every
    /// non-root joint, so each row's root-aligned MPJPE is exactly d_r·16/17.</summary>
    private (string Pred, string Gt, float[] RowMpjpe, InMemoryDataView Truth) WriteTruthAndPredictions(int rows)
    {
        var truth = PoseCsv.Read(Cmu("35_01")).Take(rows).Cache();
        var poses = truth.ReadFloats(PoseColumns.Pose3D);
        var predicted = (float[])poses.Clone();
        var rowMpjpe = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var d = 10f + r;
            for (var j = 1; j < Joints; j++) predicted[(r * Joints + j) * 3] += d;
            rowMpjpe[r] = d * 16 / 17;
        }
        var builder = new DataViewBuilder();
        foreach (var c in truth.Columns)
            builder.Add(c.Name, c.Type, c.Name == PoseColumns.Pose3D ? ColumnBuffer.Of(predicted) : truth.Column(c.Name));
        var pred = Path.Combine(_dir, "pred.csv");
        var gt = Path.Combine(_dir, "gt.csv");
        PoseCsv.Write(builder.Build(), pred, Skeletons.Human36M17, PoseColumns.Pose3D);
        PoseCsv.Write(truth, gt, Skeletons.Human36M17, PoseColumns.Pose3D);
        return (pred, gt, rowMpjpe, truth);
    }

    [TestMethod]
    [DataRow(10.0, 5)]  // 10 % of 50 = 5
    [DataRow(7.0, 4)]   // 3.5 rounds up to 4
    public void Evaluate_Rare_EvaluatesExactlyTheRarestCeilPercentOfGroundTruth(double percent, int expectedFrames)
    {
        var (pred, gt, rowMpjpe, truth) = WriteTruthAndPredictions(50);
        var (code, output, error) = Run("evaluate", "--pred", pred, "--gt", gt, "--rare", percent.ToString(CultureInfo.InvariantCulture), "--rare-mode", "exact", "--format", "json");
        Assert.AreEqual(0, code, error);
        var report = System.Text.Json.JsonDocument.Parse(output).RootElement;
        Assert.AreEqual(expectedFrames, report.GetProperty("frames").GetInt32());

        // independent expectation: the rarest rows by the library's exact scores, and their known per-row errors
        var occurrence = OccurrenceScorer.Fit(truth, new RarePoseOptions { Mode = OccurrenceMode.Exact }).Score(truth.ReadFloats(PoseColumns.Pose3D));
        var order = Enumerable.Range(0, 50).OrderBy(r => occurrence[r]).ThenBy(r => r).Take(expectedFrames).ToArray();
        var expectedMpjpe = order.Average(r => (double)rowMpjpe[r]);
        Assert.AreEqual(expectedMpjpe, report.GetProperty("mpjpe").GetDouble(), 1e-3);

        (code, output, error) = Run("evaluate", "--pred", pred, "--gt", gt, "--rare", percent.ToString(CultureInfo.InvariantCulture), "--rare-mode", "exact");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, $"{expectedFrames} of 50 ground-truth poses");
    }

    [TestMethod]
    public void Evaluate_Rare_WithTrainingReference_RanksByRarityInReference()
    {
        var (pred, gt, rowMpjpe, truth) = WriteTruthAndPredictions(40);
        var trainingPath = Cmu("01_01");
        var (code, output, error) = Run("evaluate", "--pred", pred, "--gt", gt, "--rare", "20", "--rare-ref", trainingPath, "--rare-mode", "exact", "--format", "json");
        Assert.AreEqual(0, code, error);
        var subset = RarePoseProtocol.SelectRarest(truth, 20, PoseCsv.Read(trainingPath), new RarePoseOptions { Mode = OccurrenceMode.Exact });
        Assert.AreEqual(8, subset.RowIndices.Length);
        var report = System.Text.Json.JsonDocument.Parse(output).RootElement;
        Assert.AreEqual(8, report.GetProperty("frames").GetInt32());
        Assert.AreEqual(subset.RowIndices.Average(r => (double)rowMpjpe[r]), report.GetProperty("mpjpe").GetDouble(), 1e-3);
        // the library protocol gives the same report
        var library = RarePoseProtocol.Evaluate(PoseCsv.Read(pred), truth, new RarePoseProtocolOptions
        {
            Percent = 20, Reference = PoseCsv.Read(trainingPath), Scoring = new RarePoseOptions { Mode = OccurrenceMode.Exact },
        });
        Assert.AreEqual(report.GetProperty("mpjpe").GetDouble(), library.Mpjpe, 1e-3); // the JSON rounds
    }

    [TestMethod]
    public void Evaluate_Rare_RejectsPercentOutOfRange()
    {
        var (pred, gt, _, _) = WriteTruthAndPredictions(10);
        var (code, _, error) = Run("evaluate", "--pred", pred, "--gt", gt, "--rare", "0");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "(0, 100]");
    }

    [TestMethod]
    public void Rarity_OutputReadsBackWithInspectAndCanBeScoredAgain()
    {
        var input = Cmu("09_11");
        var scores = Path.Combine(_dir, "scores.csv");
        var (code, _, error) = Run("rarity", "--ref", Cmu("35_01"), "--in", input, "--out", scores);
        Assert.AreEqual(0, code, error);
        (code, var output, error) = Run("data", "inspect", scores);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "occurrence: text");
        var view = PoseCsv.Read(scores).Cache();
        CollectionAssert.AreEqual(PoseCsv.Read(input).Cache().ReadFloats(PoseColumns.Pose3D), view.ReadFloats(PoseColumns.Pose3D));
        var first = view.ReadTexts("occurrence");
        // Scoring the scored table replaces its occurrence column instead of adding a second one.
        var again = Path.Combine(_dir, "again.csv");
        (code, _, error) = Run("rarity", "--ref", Cmu("35_01"), "--in", scores, "--out", again);
        Assert.AreEqual(0, code, error);
        CollectionAssert.AreEqual(File.ReadAllLines(scores), File.ReadAllLines(again));
        Assert.AreEqual(first.Length, PoseCsv.Read(again).Cache().ReadTexts("occurrence").Length);
    }
}
