using System.Text.Json;
using System.Text.Json.Nodes;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Pipeline.Search;
using PoseML.Stages.Regression;

namespace PoseML.Tests.Pipeline;

[TestClass]
public sealed class SweepTests
{
    private static readonly InMemoryDataView Data = SyntheticPoses.Create(subjects: 4, framesPerSubject: 20);

    private static string TempPath(string ext) => Path.Combine(Path.GetTempPath(), $"poseml-sweep-{Guid.NewGuid():N}{ext}");

    private static SweepResult<LinearLifterOptions> Sweep(PoseContext ctx, SweepOptions options, List<TrialBudget>? budgets = null) =>
        ctx.Evaluation.Sweep(Data, new LinearLifterOptions(),
            (o, b) =>
            {
                budgets?.Add(b);
                return ctx.Transforms.NormalizeMeanVariance().Append(ctx.Lifting.LinearLifter(o));
            },
            scored => new Dictionary<string, double> { ["Mpjpe"] = ctx.Evaluation.Mpjpe(scored) }, options);

    [TestMethod]
    public void Sweep_LogsOneJsonLinePerTrialAfterAHeader()
    {
        var log = TempPath(".jsonl");
        try
        {
            var result = Sweep(new PoseContext(1), new SweepOptions { Trials = 3, LogPath = log, Seed = 2, RefitBest = false });
            var lines = File.ReadAllLines(log);
            Assert.AreEqual(4, lines.Length);
            Assert.AreEqual("random", (string?)JsonNode.Parse(lines[0])!["search"]!["tuner"]);
            for (var i = 1; i < 4; i++)
            {
                var t = JsonNode.Parse(lines[i])!;
                Assert.AreEqual(i - 1, (int?)t["Trial"]);
                Assert.AreEqual((double?)t["Parameters"]!["L2"], (double?)t["Options"]!["L2"]);
                Assert.AreEqual("Keypoints2D", (string?)t["Options"]!["InputColumnName"]);
                Assert.AreEqual((double?)t["Objective"], (double?)t["Metrics"]!["Mpjpe"]);
                Assert.IsTrue((double?)t["Seconds"] >= 0);
                Assert.AreEqual("ok", (string?)t["Status"]);
            }
            Assert.AreEqual(result.Trials.Min(t => t.Objective), result.Best.Objective);
            Assert.IsNull(result.Model);
        }
        finally
        {
            File.Delete(log);
        }
    }

    [TestMethod]
    public void Sweep_ResumedAfterAnInterruptionContinuesTheSameSequence()
    {
        var fullLog = TempPath(".jsonl");
        var log = TempPath(".jsonl");
        try
        {
            var options = new SweepOptions { Trials = 6, Seed = 3, RefitBest = false };
            var full = Sweep(new PoseContext(1), options with { LogPath = fullLog });

            // Interrupt after three finished trials (Ctrl-C while the fourth runs).
            var ctx = new PoseContext(1);
            using var cancel = new CancellationTokenSource();
            ctx.CancellationToken = cancel.Token;
            ctx.Progress = new SyncProgress(p => { if (p.Stage == "Sweep" && p.Step == 3) cancel.Cancel(); });
            Assert.ThrowsExactly<OperationCanceledException>(() => Sweep(ctx, options with { LogPath = log }));
            Assert.AreEqual(4, File.ReadAllLines(log).Length, "header + 3 finished trials, nothing torn");

            var fits = new List<TrialBudget>();
            var resumed = Sweep(new PoseContext(1), options with { LogPath = log, Resume = true }, fits);
            Assert.AreEqual(3, resumed.ResumedTrials);
            Assert.AreEqual(1 + 3, fits.Count, "one schema check + only the three unfinished trials are fitted");
            CollectionAssert.AreEqual(full.Trials.Select(t => t.Parameters.ToJsonString()).ToArray(), resumed.Trials.Select(t => t.Parameters.ToJsonString()).ToArray());
            CollectionAssert.AreEqual(full.Trials.Select(t => t.Objective).ToArray(), resumed.Trials.Select(t => t.Objective).ToArray());
            Assert.AreEqual(7, File.ReadAllLines(log).Length);
        }
        finally
        {
            File.Delete(fullLog);
            File.Delete(log);
        }
    }

    [TestMethod]
    public void Sweep_RefusesToOverwriteALogOrResumeAnotherSearch()
    {
        var log = TempPath(".jsonl");
        try
        {
            Sweep(new PoseContext(1), new SweepOptions { Trials = 2, LogPath = log, Seed = 1, RefitBest = false });
            var e = Assert.ThrowsExactly<InvalidOptionException>(() => Sweep(new PoseContext(1), new SweepOptions { Trials = 2, LogPath = log, Seed = 1 }));
            StringAssert.Contains(e.Message, "already exists");
            e = Assert.ThrowsExactly<InvalidOptionException>(() => Sweep(new PoseContext(1), new SweepOptions { Trials = 2, LogPath = log, Seed = 9, Resume = true }));
            StringAssert.Contains(e.Message, "another search");
        }
        finally
        {
            File.Delete(log);
        }
    }

    [TestMethod]
    public void Sweep_HalvingHandsTheFactoryGrowingSampleBudgets()
    {
        var budgets = new List<TrialBudget>();
        var result = Sweep(new PoseContext(1), new SweepOptions { Tuner = new SuccessiveHalvingTuner(), Trials = 6, Seed = 4, RefitBest = false }, budgets);
        var trainRows = result.Trials[0].Budget.Value * 9.0;
        CollectionAssert.AreEqual(new[] { 6, 2, 1 }, result.Trials.GroupBy(t => t.Rung).Select(g => g.Count()).ToArray());
        Assert.IsTrue(result.Trials.All(t => Math.Abs(t.Budget.Value - t.Budget.Fraction * trainRows) <= 9), "budget value ≈ fraction × training rows");
        Assert.AreEqual(1.0, result.Best.Budget.Fraction, "the best is chosen among full-budget trials");
        CollectionAssert.AreEqual(result.Trials.Select(t => t.Budget).ToArray(), budgets.Skip(1).ToArray(), "the factory receives each trial's budget");
    }

    [TestMethod]
    public void Sweep_WithFoldsScoresEachTrialByTheCrossValidatedMean()
    {
        var ctx = new PoseContext(1);
        var result = Sweep(ctx, new SweepOptions { Trials = 2, NumberOfFolds = 2, Seed = 6, RefitBest = false });
        var options = result.Trials[1].Options.Deserialize<LinearLifterOptions>()!;
        var cv = ctx.Evaluation.CrossValidate(Data, ctx.Transforms.NormalizeMeanVariance().Append(ctx.Lifting.LinearLifter(options)),
            s => new Dictionary<string, double> { ["Mpjpe"] = ctx.Evaluation.Mpjpe(s) }, numberOfFolds: 2, seed: 6);
        Assert.AreEqual(cv.Summary["Mpjpe"].Mean, result.Trials[1].Objective);
        var e = Assert.ThrowsExactly<InvalidOptionException>(() => Sweep(ctx, new SweepOptions { Trials = 1, NumberOfFolds = 1 }));
        Assert.AreEqual("NumberOfFolds", e.Option);
    }

    [TestMethod]
    public void Sweep_UnknownObjectiveListsTheMetrics()
    {
        var e = Assert.ThrowsExactly<InvalidOptionException>(() => Sweep(new PoseContext(1), new SweepOptions { Trials = 1, Objective = "Pck", Seed = 1 }));
        StringAssert.Contains(e.Message, "metric 'Pck' is not among the evaluation's metrics (Mpjpe)");
    }

    [TestMethod]
    public void EvenSubset_KeepsTheRequestedShareSpreadOverTheRows()
    {
        var data = new DataViewBuilder().AddInt("I", Enumerable.Range(0, 90).ToArray()).Build();
        var kept = HyperparameterSearch.EvenSubset(data, 1.0 / 3).ReadInts("I");
        Assert.AreEqual(30, kept.Length);
        CollectionAssert.AreEqual(Enumerable.Range(0, 30).Select(i => i * 3 + 2).ToArray(), kept);
    }
}
