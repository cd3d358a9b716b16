using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.Evaluation;
using PoseML.MLNet;
using PoseML.Pipeline.Evaluation;
using PipelineProgress = PoseML.MLNet.PipelineProgress;
using PoseML.Tests.Pipeline;

namespace PoseML.Tests.MLNet;

[TestClass]
public sealed class PoseEvaluationMLNetTests
{
    // The offsets are whole millimetres on poses of whole millimetres below 500 in size, so every coordinate and
    // difference is exact in float; only the double sums and square roots round (≈1e-13 mm).
    private const double Exact = 1e-9;

    /// <summary>ML.NET built-ins only: a trainable normaliser on a side column, then the prediction is a copy of Noisy2.</summary>
    private static IEstimator<ITransformer> Pipeline(MLContext ml) =>
        ml.Transforms.NormalizeMeanVariance("NormalizedNoisy", "Noisy2")
            .Append(ml.Transforms.CopyColumns("PredictedPose3D", "Noisy2"));

    [TestMethod]
    public void EvaluatePoses_GivesTheHandDerivedMetrics()
    {
        var ml = new MLContext(seed: 1);
        var data = PoseMLNetTestData.Create(ml);
        var scored = Pipeline(ml).Fit(data).Transform(data);
        var report = ml.Regression.EvaluatePoses(scored);
        Assert.IsLessThanOrEqualTo(report.Mpjpe + Exact, report.PaMpjpe, "Procrustes alignment can only lower the error");
        Assert.AreEqual(PoseMLNetTestData.Mpjpe(2), report.Mpjpe, Exact, "16·20/17 mm");
        Assert.AreEqual(84, report.Frames);
        CollectionAssert.AreEquivalent(new[] { "Sit", "Walk" }, report.PerAction.Keys.ToArray());
        Assert.AreEqual(0, report.PerJoint.First().Value, Exact, "the root joint has no root-aligned error");
        Assert.AreEqual(100, report.Pck150, "every joint within 150 mm (percent)");
    }

    [TestMethod]
    public void EvaluatePoses_MissingScoreColumnIsAnErrorNamingIt()
    {
        var ml = new MLContext(seed: 1);
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => ml.Regression.EvaluatePoses(PoseMLNetTestData.Create(ml), scoreColumnName: "Nope"));
        StringAssert.Contains(e.Message, "Nope");
    }

    [TestMethod]
    public void CrossValidatePoses_SevenSubjectsThreeFolds_EachSubjectInExactlyOneNonEmptyFold()
    {
        var ml = new MLContext(seed: 1);
        var data = PoseMLNetTestData.Create(ml, subjects: 7);
        var cv = ml.Regression.CrossValidatePoses(data, Pipeline(ml), numberOfFolds: 3, seed: 5);
        Assert.AreEqual(3, cv.Folds.Count);
        var all = cv.Folds.SelectMany(f => f.TestKeys).ToArray();
        CollectionAssert.AreEquivalent(Enumerable.Range(1, 7).Select(s => $"S{s}").ToArray(), all, "each subject in exactly one fold");
        CollectionAssert.AreEquivalent(new[] { 3, 2, 2 }, cv.Folds.Select(f => f.TestKeys.Count).ToArray(), "dealt round-robin");
        foreach (var fold in cv.Folds)
        {
            Assert.AreEqual(fold.TestKeys.Count * 12, fold.Metrics.Frames, $"fold {fold.Fold} scores exactly its subjects' rows");
            var scoredSubjects = fold.ScoredTestData.GetColumn<ReadOnlyMemory<char>>("Subject").Select(s => s.ToString()).Distinct().ToArray();
            CollectionAssert.AreEquivalent(fold.TestKeys.ToArray(), scoredSubjects);
            Assert.AreEqual(PoseMLNetTestData.Mpjpe(2), fold.Metrics.Mpjpe, Exact);
            Assert.IsNotNull(fold.Model.GetOutputSchema(data.Schema).GetColumnOrNull("NormalizedNoisy"), "a fitted ML.NET model per fold");
        }
        Assert.AreEqual(PoseMLNetTestData.Mpjpe(2), cv.Summary["Mpjpe"].Mean, Exact);
        Assert.AreEqual(0, cv.Summary["Mpjpe"].StandardDeviation, 1e-9, "every fold has the same error");
        Assert.AreEqual(3, cv.Summary["PaMpjpe"].Count);
    }

    [TestMethod]
    public void CrossValidatePoses_SameSeedSameFolds_SeededContextReproducesUnseededCalls()
    {
        string[][] Folds(MLContext ml, int? seed) =>
            ml.Regression.CrossValidatePoses(PoseMLNetTestData.Create(ml), Pipeline(ml), numberOfFolds: 3, seed: seed)
                .Folds.Select(f => f.TestKeys.ToArray()).ToArray();
        var a = Folds(new MLContext(), 11);
        var b = Folds(new MLContext(), 11);
        for (var k = 0; k < 3; k++) CollectionAssert.AreEqual(a[k], b[k]);
        var c = Folds(new MLContext(seed: 4), null);
        var d = Folds(new MLContext(seed: 4), null);
        for (var k = 0; k < 3; k++) CollectionAssert.AreEqual(c[k], d[k]);
    }

    [TestMethod]
    public void CrossValidatePoses_FewerSubjectsThanFoldsIsAnErrorNamingTheColumn()
    {
        var ml = new MLContext(seed: 1);
        var e = Assert.ThrowsExactly<InvalidOptionException>(() =>
            ml.Regression.CrossValidatePoses(PoseMLNetTestData.Create(ml, subjects: 2), Pipeline(ml), numberOfFolds: 3));
        StringAssert.Contains(e.Message, "'Subject'");
        StringAssert.Contains(e.Message, "found 2 (S1, S2)");
    }

    [TestMethod]
    public void CrossValidatePoses_ScoreColumnNotWrittenIsAnErrorBeforeFitting()
    {
        var ml = new MLContext(seed: 1);
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() =>
            ml.Regression.CrossValidatePoses(PoseMLNetTestData.Create(ml), ml.Transforms.CopyColumns("Other", "Noisy1"), numberOfFolds: 3));
        StringAssert.Contains(e.Message, "PredictedPose3D");
        StringAssert.Contains(e.Message, "float[17,3]");
    }

    [TestMethod]
    public void CrossValidatePoses_ReportsProgressAndHonoursCancellation()
    {
        var reports = new List<PipelineProgress>();
        using var cancel = new CancellationTokenSource();
        var ml = new MLContext(seed: 1).SetPoseProgress(new SyncProgress(reports.Add)).SetPoseCancellation(cancel.Token);
        var data = PoseMLNetTestData.Create(ml);
        ml.Regression.CrossValidatePoses(data, Pipeline(ml), numberOfFolds: 3, seed: 1);
        CollectionAssert.AreEqual(new long[] { 0, 1, 2, 3 }, reports.Where(r => r.Stage == "CrossValidate").Select(r => r.Step).ToArray());
        cancel.Cancel();
        Assert.ThrowsExactly<OperationCanceledException>(() => ml.Regression.CrossValidatePoses(data, Pipeline(ml), numberOfFolds: 3, seed: 1));
    }
}
