using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Pipeline.CrossValidation;
using PoseML.Stages.Regression;

namespace PoseML.Tests.Pipeline;

[TestClass]
public sealed class CrossValidationTests
{
    private static IReadOnlyDictionary<string, double> Mpjpe(PoseContext ctx, IDataView scored) =>
        new Dictionary<string, double> { ["Mpjpe"] = ctx.Evaluation.Mpjpe(scored) };

    [TestMethod]
    public void CrossValidate_PutsEachSubjectInExactlyOneTestFold()
    {
        var ctx = new PoseContext(1);
        var data = SyntheticPoses.Create(subjects: 7, framesPerSubject: 10);
        var cv = ctx.Evaluation.CrossValidate(data, ctx.Lifting.LinearLifter(), s => Mpjpe(ctx, s), numberOfFolds: 3, seed: 5);
        Assert.AreEqual(3, cv.Folds.Count);
        var all = cv.Folds.SelectMany(f => f.TestKeys).ToArray();
        CollectionAssert.AreEquivalent(Enumerable.Range(1, 7).Select(i => $"S{i}").ToArray(), all, "every subject tested exactly once");
        foreach (var f in cv.Folds)
        {
            var tested = f.ScoredTestData.DistinctTexts(PoseColumns.Subject);
            CollectionAssert.AreEquivalent(f.TestKeys.ToArray(), tested, "the scored rows are the fold's subjects");
            var trainRows = data.Rows - f.ScoredTestData.CountRows();
            Assert.AreEqual(trainRows, ((LinearLifterTransformer)f.Model).ExampleCount, "the model never saw its test subjects");
            Assert.IsTrue(f.TestKeys.Count is 2 or 3, "7 subjects over 3 folds: 2 or 3 each");
        }
    }

    [TestMethod]
    public void CrossValidate_PoseOverloadReportsTheFullMetricsTablePerFoldAndItsMean()
    {
        var ctx = new PoseContext(1);
        var data = SyntheticPoses.Create(subjects: 6, framesPerSubject: 10);
        var cv = ctx.Evaluation.CrossValidate(data, ctx.Lifting.LinearLifter(), numberOfFolds: 3, seed: 2);
        Assert.AreEqual(3, cv.Folds.Count);
        foreach (var fold in cv.Folds)
        {
            // Independent expectation: the catalog's MPJPE over the same scored fold.
            Assert.AreEqual(ctx.Evaluation.Mpjpe(fold.ScoredTestData), fold.Metrics.Mpjpe, 1e-9);
            Assert.AreEqual(fold.ScoredTestData.CountRows(), fold.Metrics.Frames);
            Assert.IsLessThanOrEqualTo(fold.Metrics.Mpjpe + 1e-9, fold.Metrics.PaMpjpe, "Procrustes alignment can only lower the error");
        }
        var mean = cv.Folds.Average(f => f.Metrics.Mpjpe);
        Assert.AreEqual(mean, cv.Summary["Mpjpe"].Mean, 1e-9);
        Assert.AreEqual(3, cv.Summary["Mpjpe"].Count);
    }

    [TestMethod]
    public void CrossValidate_SameSeedGivesSameFoldsAndOtherSeedsDiffer()
    {
        var keys = Enumerable.Range(0, 12).Select(i => $"S{i}").ToArray();
        var a = FoldAssignment.Assign(keys, 4, seed: 11);
        var b = FoldAssignment.Assign(keys.Reverse(), 4, seed: 11);
        CollectionAssert.AreEquivalent(a.ToArray(), b.ToArray(), "same seed, same folds (independent of row order)");
        var differing = Enumerable.Range(0, 10).Count(s => !FoldAssignment.Assign(keys, 4, s).OrderBy(p => p.Key).SequenceEqual(a.OrderBy(p => p.Key)));
        Assert.IsTrue(differing >= 9, $"seeds 0..9 should nearly all give other folds than seed 11; {differing} did");
    }

    [TestMethod]
    public void CrossValidate_SummaryIsMeanAndSampleStdOfTheFolds()
    {
        var ctx = new PoseContext(1);
        var data = SyntheticPoses.Create(subjects: 4, framesPerSubject: 10);
        var cv = ctx.Evaluation.CrossValidate(data, ctx.Transforms.NormalizeMeanVariance().Append(ctx.Lifting.LinearLifter()),
            s => ctx.Evaluation.Mpjpe(s), m => new Dictionary<string, double> { ["Mpjpe"] = m, ["Half"] = m / 2 }, numberOfFolds: 4, seed: 2);
        var values = cv.Folds.Select(f => f.Metrics).ToArray();
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / 3);
        // Tolerance: the same sums in another order.
        const double Reassociation = 1e-9;
        Assert.AreEqual(mean, cv.Summary["Mpjpe"].Mean, Reassociation);
        Assert.AreEqual(std, cv.Summary["Mpjpe"].StandardDeviation, Reassociation);
        Assert.AreEqual(mean / 2, cv.Summary["Half"].Mean, Reassociation);
        Assert.AreEqual(4, cv.Summary["Mpjpe"].Count);
    }

    [TestMethod]
    public void CrossValidate_MoreFoldsThanSubjectsIsAClearError()
    {
        var ctx = new PoseContext(1);
        var data = SyntheticPoses.Create(subjects: 2, framesPerSubject: 5);
        var e = Assert.ThrowsExactly<InvalidOptionException>(() =>
            ctx.Evaluation.CrossValidate(data, ctx.Lifting.LinearLifter(), s => Mpjpe(ctx, s), numberOfFolds: 3));
        StringAssert.Contains(e.Message, "found 2 (S1, S2)");
    }

    [TestMethod]
    public void CrossValidate_ChecksTheSchemaBeforeReading()
    {
        var ctx = new PoseContext(1);
        var data = SyntheticPoses.Create(subjects: 3, framesPerSubject: 5).SelectColumns(PoseColumns.Subject, PoseColumns.Keypoints2D);
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() =>
            ctx.Evaluation.CrossValidate(new Stages.UnreadableDataView(data), ctx.Lifting.LinearLifter(), s => Mpjpe(ctx, s), numberOfFolds: 3));
        Assert.AreEqual(PoseColumns.Pose3D, e.Column);
    }

    [TestMethod]
    public void CrossValidate_ReportsOneStepPerFold()
    {
        var ctx = new PoseContext(1);
        var steps = new List<long>();
        ctx.Progress = new SyncProgress(p => { if (p.Stage == "CrossValidate") steps.Add(p.Step); });
        ctx.Evaluation.CrossValidate(SyntheticPoses.Create(3, 5), ctx.Lifting.LinearLifter(), s => Mpjpe(ctx, s), numberOfFolds: 3);
        CollectionAssert.AreEqual(new long[] { 0, 1, 2, 3 }, steps);
    }
}
