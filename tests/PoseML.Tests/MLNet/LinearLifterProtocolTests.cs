using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Pipeline.Evaluation;
using PoseML.Pipeline.CrossValidation;
using PoseML.Pipeline.Search;
using PoseML.Stages.Regression;
using PoseML.Tests.Pipeline;

namespace PoseML.Tests.MLNet;

/// <summary>Cross-validation and sweeps over a trained PoseML stage (the linear lifter, after ML.NET's z-score): what
/// the copy-column pipelines of <see cref="PoseEvaluationMLNetTests"/> and <see cref="PoseSweepMLNetTests"/> cannot
/// show — folds that differ, models that never saw their test subjects, the sweep log's content, budgets handed to
/// the factory, and a folded objective equal to the cross-validated mean.</summary>
[TestClass]
public sealed class LinearLifterProtocolTests
{
    private static readonly InMemoryDataView Data = SyntheticPoses.Create(subjects: 4, framesPerSubject: 20);

    private static string TempPath(string ext) => Path.Combine(Path.GetTempPath(), $"poseml-lifter-sweep-{Guid.NewGuid():N}{ext}");

    private static IEstimator<ITransformer> Lifter(MLContext ml, LinearLifterOptions? options = null) =>
        ml.Transforms.NormalizeMeanVariance(PoseColumns.Keypoints2D, fixZero: false).Append(ml.Transforms.LinearLifter(options ?? new LinearLifterOptions()));

    private static PoseSweepResult<LinearLifterOptions> Sweep(MLContext ml, SweepOptions options, List<TrialBudget>? budgets = null) =>
        ml.Regression.SweepPoses(Data, new LinearLifterOptions(), (o, b) =>
        {
            budgets?.Add(b);
            return Lifter(ml, o);
        }, options);

    [TestMethod]
    public void CrossValidatePoses_EachModelNeverSawItsTestSubjects_AndTheSummaryIsMeanAndSampleStd()
    {
        var ml = new MLContext(1);
        var data = SyntheticPoses.Create(subjects: 7, framesPerSubject: 10);
        var cv = ml.Regression.CrossValidatePoses(data, ml.Transforms.LinearLifter(), numberOfFolds: 3, seed: 5);
        Assert.AreEqual(3, cv.Folds.Count);
        foreach (var f in cv.Folds)
        {
            var testRows = f.ScoredTestData.CountRows();
            Assert.AreEqual(data.Rows - testRows, ((PoseML.Stages.Regression.LinearLifterTransformer)f.Model).ExampleCount, "the model never saw its test subjects");
            Assert.AreEqual(testRows, f.Metrics.Frames);
            Assert.IsLessThanOrEqualTo(f.Metrics.Mpjpe + 1e-9, f.Metrics.PaMpjpe, "Procrustes alignment can only lower the error");
        }
        var values = cv.Folds.Select(f => f.Metrics.Mpjpe).ToArray();
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        Assert.IsGreaterThan(0.0, std, "a trained lifter errs differently on different subjects");
        // Tolerance: the same sums in another order.
        const double Reassociation = 1e-9;
        Assert.AreEqual(mean, cv.Summary["Mpjpe"].Mean, Reassociation);
        Assert.AreEqual(std, cv.Summary["Mpjpe"].StandardDeviation, Reassociation);
    }

    [TestMethod]
    public void CrossValidatePoses_ChecksTheSchemaBeforeReading()
    {
        var ml = new MLContext(1);
        var data = SyntheticPoses.Create(subjects: 3, framesPerSubject: 5).SelectColumns(PoseColumns.Subject, PoseColumns.Keypoints2D);
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() =>
            ml.Regression.CrossValidatePoses(new UnreadableDataView(data), ml.Transforms.LinearLifter(), numberOfFolds: 3));
        Assert.AreEqual(PoseColumns.Pose3D, e.Column);
    }

    [TestMethod]
    public void FoldAssignment_SameSeedSameFoldsWhateverTheRowOrder_OtherSeedsDiffer()
    {
        var keys = Enumerable.Range(0, 12).Select(i => $"S{i}").ToArray();
        var a = FoldAssignment.Assign(keys, 4, seed: 11);
        var b = FoldAssignment.Assign(keys.Reverse(), 4, seed: 11);
        CollectionAssert.AreEquivalent(a.ToArray(), b.ToArray(), "same seed, same folds (independent of row order)");
        var differing = Enumerable.Range(0, 10).Count(s => !FoldAssignment.Assign(keys, 4, s).OrderBy(p => p.Key).SequenceEqual(a.OrderBy(p => p.Key)));
        Assert.IsGreaterThanOrEqualTo(9, differing, $"seeds 0..9 should nearly all give other folds than seed 11; {differing} did");
    }

    [TestMethod]
    public void SweepPoses_LogsOneJsonLinePerTrialAfterAHeader()
    {
        var log = TempPath(".jsonl");
        try
        {
            var result = Sweep(new MLContext(1), new SweepOptions { Trials = 3, LogPath = log, Seed = 2, RefitBest = false });
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
    public void SweepPoses_RefusesToOverwriteALogOrResumeAnotherSearch()
    {
        var log = TempPath(".jsonl");
        try
        {
            Sweep(new MLContext(1), new SweepOptions { Trials = 2, LogPath = log, Seed = 1, RefitBest = false });
            var e = Assert.ThrowsExactly<InvalidOptionException>(() => Sweep(new MLContext(1), new SweepOptions { Trials = 2, LogPath = log, Seed = 1 }));
            StringAssert.Contains(e.Message, "already exists");
            e = Assert.ThrowsExactly<InvalidOptionException>(() => Sweep(new MLContext(1), new SweepOptions { Trials = 2, LogPath = log, Seed = 9, Resume = true }));
            StringAssert.Contains(e.Message, "another search");
        }
        finally
        {
            File.Delete(log);
        }
    }

    [TestMethod]
    public void SweepPoses_HalvingHandsTheFactoryGrowingSampleBudgets()
    {
        var budgets = new List<TrialBudget>();
        var result = Sweep(new MLContext(1), new SweepOptions { Tuner = new SuccessiveHalvingTuner(), Trials = 6, Seed = 4, RefitBest = false }, budgets);
        var trainRows = result.Trials[0].Budget.Value * 9.0;
        CollectionAssert.AreEqual(new[] { 6, 2, 1 }, result.Trials.GroupBy(t => t.Rung).Select(g => g.Count()).ToArray());
        Assert.IsTrue(result.Trials.All(t => Math.Abs(t.Budget.Value - t.Budget.Fraction * trainRows) <= 9), "budget value ≈ fraction × training rows");
        Assert.AreEqual(1.0, result.Best.Budget.Fraction, "the best is chosen among full-budget trials");
        CollectionAssert.AreEqual(result.Trials.Select(t => t.Budget).ToArray(), budgets.Skip(1).ToArray(), "the factory receives each trial's budget");
    }

    [TestMethod]
    public void SweepPoses_WithFoldsScoresEachTrialByTheCrossValidatedMean()
    {
        var ml = new MLContext(1);
        var result = Sweep(ml, new SweepOptions { Trials = 2, NumberOfFolds = 2, Seed = 6, RefitBest = false });
        var options = result.Trials[1].Options.Deserialize<LinearLifterOptions>()!;
        var cv = ml.Regression.CrossValidatePoses(Data, Lifter(ml, options), numberOfFolds: 2, seed: 6);
        Assert.AreEqual(cv.Summary["Mpjpe"].Mean, result.Trials[1].Objective);
        var e = Assert.ThrowsExactly<InvalidOptionException>(() => Sweep(ml, new SweepOptions { Trials = 1, NumberOfFolds = 1 }));
        Assert.AreEqual("NumberOfFolds", e.Option);
    }

    [TestMethod]
    public void EvenSubset_KeepsTheRequestedShareSpreadOverTheRows()
    {
        var data = new DataViewBuilder().AddInt("I", Enumerable.Range(0, 90).ToArray()).Build();
        var kept = SearchRunner.EvenSubset(data, 1.0 / 3).ReadInts("I");
        Assert.AreEqual(30, kept.Length);
        CollectionAssert.AreEqual(Enumerable.Range(0, 30).Select(i => i * 3 + 2).ToArray(), kept);
    }
}
