using Microsoft.ML;
using PoseML.Core;
using PoseML.MLNet;
using PoseML.Pipeline.Evaluation;
using PoseML.Pipeline.Search;
using PoseML.Tests.Pipeline;

namespace PoseML.Tests.MLNet;

[TestClass]
public sealed class PoseSweepMLNetTests
{
    // See PoseEvaluationMLNetTests: the errors are exact in float, only double sums round.
    private const double Exact = 1e-9;

    /// <summary>The searched options of an ML.NET pipeline: which noisy copy becomes the prediction (MPJPE
    /// 16·10·Level/17 mm) and whether a trainable built-in normaliser runs on a side column (no effect on the metric).</summary>
    public sealed record CopyOptions
    {
        [Range(0, 3)]
        public int Level { get; init; } = 2;

        [Choice("none", "meanvariance")]
        public string Normalizer { get; init; } = "none";
    }

    private static string TempPath(string ext) => Path.Combine(Path.GetTempPath(), $"poseml-mlnet-sweep-{Guid.NewGuid():N}{ext}");

    private static IEstimator<ITransformer> Build(MLContext ml, CopyOptions o)
    {
        var copy = ml.Transforms.CopyColumns("PredictedPose3D", $"Noisy{o.Level}");
        return o.Normalizer == "meanvariance"
            ? ml.Transforms.NormalizeMeanVariance("NormalizedPose", "Pose3D").Append(copy)
            : copy;
    }

    private static PoseSweepResult<CopyOptions> Sweep(MLContext ml, IDataView data, SweepOptions options, List<TrialBudget>? budgets = null) =>
        ml.Regression.SweepPoses(data, new CopyOptions(), (o, b) =>
        {
            budgets?.Add(b);
            return Build(ml, o);
        }, options);

    private static void AssertTrialsMatchTheirLevels(PoseSweepResult<CopyOptions> result)
    {
        foreach (var t in result.Trials)
        {
            Assert.AreEqual("ok", t.Status, t.Error);
            var level = (int)t.Parameters["Level"]!;
            Assert.AreEqual(PoseMLNetTestData.Mpjpe(level), t.Objective!.Value, Exact, $"trial {t.Trial} (Level {level})");
        }
        var fullBudget = result.Trials.Where(t => t.Budget.IsFull).ToArray();
        Assert.AreEqual(fullBudget.Min(t => t.Objective), result.Best.Objective);
        Assert.AreEqual((int)result.Best.Parameters["Level"]!, result.BestOptions.Level);
    }

    [TestMethod]
    public void SweepPoses_GridTunerVisitsTheWholeGridAndFindsTheExactCopy()
    {
        var ml = new MLContext(seed: 1);
        var result = Sweep(ml, PoseMLNetTestData.Create(ml), new SweepOptions { Tuner = new GridTuner(pointsPerRange: 4), Trials = 8, Seed = 1, RefitBest = false });
        Assert.AreEqual(8, result.Trials.Count, "4 levels × 2 normalisers");
        CollectionAssert.AreEquivalent(new[] { 0, 0, 1, 1, 2, 2, 3, 3 }, result.Trials.Select(t => (int)t.Parameters["Level"]!).ToArray());
        AssertTrialsMatchTheirLevels(result);
        Assert.AreEqual(0, result.BestOptions.Level);
        Assert.AreEqual(0, result.Best.Objective!.Value, Exact);
        Assert.IsNull(result.Model);
    }

    [TestMethod]
    public void SweepPoses_RandomAndSuccessiveHalvingTunersRunOverMLNetEstimators()
    {
        var ml = new MLContext(seed: 1);
        var data = PoseMLNetTestData.Create(ml);
        var random = Sweep(ml, data, new SweepOptions { Tuner = new RandomTuner(), Trials = 5, Seed = 2, RefitBest = false });
        Assert.AreEqual(5, random.Trials.Count);
        AssertTrialsMatchTheirLevels(random);

        var budgets = new List<TrialBudget>();
        var halving = Sweep(ml, data, new SweepOptions { Tuner = new SuccessiveHalvingTuner(), Trials = 6, Seed = 2, RefitBest = false, NumberOfFolds = 3 }, budgets);
        Assert.AreEqual("halving", halving.Trials[0].Tuner);
        Assert.IsTrue(halving.Trials.Any(t => !t.Budget.IsFull) && halving.Trials.Any(t => t.Budget.IsFull), "small rungs, then the full budget");
        Assert.IsTrue(halving.Trials.Max(t => t.Rung) >= 1);
        // An evenly spread subset of rows has the same per-row error, so every rung measures the same MPJPE.
        AssertTrialsMatchTheirLevels(halving);
    }

    [TestMethod]
    public void SweepPoses_ResumedAfterCancellationContinuesTheSameSequence()
    {
        var fullLog = TempPath(".jsonl");
        var log = TempPath(".jsonl");
        try
        {
            var options = new SweepOptions { Trials = 6, Seed = 3, RefitBest = false };
            var baseMl = new MLContext(seed: 1);
            var full = Sweep(baseMl, PoseMLNetTestData.Create(baseMl), options with { LogPath = fullLog });

            using var cancel = new CancellationTokenSource();
            var ml = new MLContext(seed: 1).SetPoseCancellation(cancel.Token)
                .SetPoseProgress(new SyncProgress(p => { if (p.Stage == "Sweep" && p.Step == 3) cancel.Cancel(); }));
            Assert.ThrowsExactly<OperationCanceledException>(() => Sweep(ml, PoseMLNetTestData.Create(ml), options with { LogPath = log }));
            Assert.AreEqual(4, File.ReadAllLines(log).Length, "header + 3 finished trials");

            var fits = new List<TrialBudget>();
            var again = new MLContext(seed: 1);
            var resumed = Sweep(again, PoseMLNetTestData.Create(again), options with { LogPath = log, Resume = true }, fits);
            Assert.AreEqual(3, resumed.ResumedTrials);
            Assert.AreEqual(1 + 3, fits.Count, "one schema check + only the three unfinished trials are built");
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
    public void SweepPoses_BestModelIsRefittedSavedWithMLNetAndLoadsWithModelLoad()
    {
        var path = TempPath(".zip");
        try
        {
            var ml = new MLContext(seed: 1);
            var data = PoseMLNetTestData.Create(ml);
            var result = Sweep(ml, data, new SweepOptions { Tuner = new GridTuner(pointsPerRange: 4), Trials = 8, Seed = 1, SaveBestTo = path });
            Assert.IsNotNull(result.Model);
            var fresh = new MLContext();
            var loaded = fresh.Model.Load(path, out var inputSchema);
            Assert.IsNotNull(inputSchema.GetColumnOrNull("Noisy0"));
            var report = fresh.Regression.EvaluatePoses(loaded.Transform(data));
            Assert.AreEqual(0, report.Mpjpe, Exact, "the best model copies the exact pose");
            Assert.AreEqual(84, report.Frames);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void SweepPoses_UnknownObjectiveIsAnErrorNamingTheMetrics()
    {
        var ml = new MLContext(seed: 1);
        var e = Assert.ThrowsExactly<InvalidOptionException>(() =>
            Sweep(ml, PoseMLNetTestData.Create(ml), new SweepOptions { Trials = 1, Seed = 1, Objective = "Nope", RefitBest = false }));
        StringAssert.Contains(e.Message, "Mpjpe");
    }
}
