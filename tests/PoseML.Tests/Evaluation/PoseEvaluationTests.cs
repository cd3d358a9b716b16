using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Evaluation;

namespace PoseML.Tests.Evaluation;

[TestClass]
public sealed class PoseEvaluationTests
{
    /// <summary>The brief's agreement bound with VideoPose3D's definitions (mm).</summary>
    private const double AgreementMm = 0.01;

    /// <summary>Means of the same double sums taken in another order agree to rounding.</summary>
    private const double SameSumsTolerance = 1e-9;

    /// <summary>All fixture cases as one prediction view and one truth view: subject S1, the case name as
    /// the action, camera 0, frames 0…F−1 per case.</summary>
    internal static (InMemoryDataView Predicted, InMemoryDataView Truth, IReadOnlyList<VideoPose3DAgreementTests.Case> Cases) FixtureViews(int[]? truthOrder = null)
    {
        var cases = VideoPose3DAgreementTests.LoadCases();
        var rows = cases.Sum(c => c.Frames);
        var subjects = Enumerable.Repeat("S1", rows).ToArray();
        var actions = cases.SelectMany(c => Enumerable.Repeat(c.Name, c.Frames)).ToArray();
        var cameras = new int[rows];
        var frames = cases.SelectMany(c => Enumerable.Range(0, c.Frames)).ToArray();
        var predicted = cases.SelectMany(c => c.Predicted).ToArray();
        var target = cases.SelectMany(c => c.Target).ToArray();
        var order = truthOrder ?? Enumerable.Range(0, rows).ToArray();
        var size = 17 * 3;
        return (PoseTestData.View(predicted, 17, subjects, actions, cameras, frames),
            PoseTestData.View(PoseTestData.Rows(target, size, order), 17, PoseTestData.Rows(subjects, 1, order),
                PoseTestData.Rows(actions, 1, order), PoseTestData.Rows(cameras, 1, order), PoseTestData.Rows(frames, 1, order)),
            cases);
    }

    /// <summary>Checks a report of all fixture cases: each case has the same frame and joint counts, so
    /// the overall values are the means of the per-case reference values.</summary>
    internal static void AssertMatchesFixture(PoseMetricsReport report, IReadOnlyList<VideoPose3DAgreementTests.Case> cases)
    {
        Assert.AreEqual(cases.Sum(c => c.Frames), report.Frames);
        Assert.AreEqual(cases.Average(c => c.Mpjpe), report.Mpjpe, AgreementMm);
        Assert.AreEqual(cases.Average(c => c.PMpjpe), report.PaMpjpe, AgreementMm);
        Assert.AreEqual(cases.Average(c => c.NMpjpe), report.NMpjpe, AgreementMm);
        Assert.AreEqual(cases.Average(c => c.Pck150), report.Pck150, 1e-9);
        Assert.AreEqual(cases.Average(c => c.Auc), report.Auc, 1e-9);
        Assert.AreEqual(cases.Average(c => c.Velocity), report.Mpjve!.Value, AgreementMm);
        Assert.AreEqual(cases.Average(c => c.Symmetry), report.BoneSymmetry!.Value, AgreementMm);
        var names = PoseTestData.H36M.JointNames;
        CollectionAssert.AreEqual(names.ToArray(), report.PerJoint.Keys.ToArray());
        for (var j = 0; j < 17; j++) Assert.AreEqual(cases.Average(c => c.PerJoint[j]), report.PerJoint[names[j]], AgreementMm, names[j]);
        CollectionAssert.AreEquivalent(cases.Select(c => c.Name).ToArray(), report.PerAction.Keys.ToArray());
        foreach (var c in cases)
        {
            var a = report.PerAction[c.Name];
            Assert.AreEqual(c.Frames, a.Frames);
            Assert.AreEqual(c.Mpjpe, a.Mpjpe, AgreementMm, c.Name);
            Assert.AreEqual(c.PMpjpe, a.PaMpjpe, AgreementMm, c.Name);
        }
    }

    [TestMethod]
    public void Evaluate_TwoViewsInTheSameOrder_MatchesReferenceValues()
    {
        var (predicted, truth, cases) = FixtureViews();
        AssertMatchesFixture(PoseEvaluation.Evaluate(predicted, truth), cases);
    }

    [TestMethod]
    public void Evaluate_TwoViewsInDifferentOrders_MatchesRowsByKey()
    {
        var rows = (int)FixtureViews().Truth.Rows;
        var shuffled = Enumerable.Range(0, rows).OrderBy(i => (i * 7919) % rows).ToArray();
        var (predicted, truth, cases) = FixtureViews(shuffled);
        AssertMatchesFixture(PoseEvaluation.Evaluate(predicted, truth, new PoseEvaluationOptions { BatchSize = 5 }), cases);
    }

    [TestMethod]
    public void Evaluate_SingleScoredView_EqualsTwoViews()
    {
        var (predicted, truth, cases) = FixtureViews();
        var scored = new DataViewBuilder()
            .AddText(PoseColumns.Subject, predicted.ReadTexts(PoseColumns.Subject))
            .AddText(PoseColumns.Action, predicted.ReadTexts(PoseColumns.Action))
            .AddInt(PoseColumns.Camera, predicted.ReadInts(PoseColumns.Camera))
            .AddInt(PoseColumns.Frame, predicted.ReadInts(PoseColumns.Frame))
            .AddFloat("PredictedPose3D", predicted.ReadFloats(PoseColumns.Pose3D), 17, 3)
            .AddFloat(PoseColumns.Pose3D, truth.ReadFloats(PoseColumns.Pose3D), 17, 3)
            .Build();
        var single = PoseEvaluation.Evaluate(scored, "PredictedPose3D", PoseColumns.Pose3D, new PoseEvaluationOptions { BatchSize = 7 });
        AssertMatchesFixture(single, cases);
        var pair = PoseEvaluation.Evaluate(predicted, truth);
        Assert.AreEqual(pair.Mpjpe, single.Mpjpe, SameSumsTolerance);
        Assert.AreEqual(pair.PaMpjpe, single.PaMpjpe, SameSumsTolerance);
    }

    [TestMethod]
    public void Evaluate_VelocityOnlyOverConsecutiveFramesOfOneSequence()
    {
        var target = PoseTestData.RandomPoses(3, 4, 17);
        var predicted = PoseTestData.AddNoise(target, 30, 4);
        var size = 17 * 3;
        // Frames 0, 1, 3 of one sequence and frame 2 of another camera: only (0, 1) is a consecutive pair.
        int[] frames = [0, 1, 3, 2];
        int[] cameras = [0, 0, 0, 1];
        string[] s = ["S1", "S1", "S1", "S1"], a = ["Walk", "Walk", "Walk", "Walk"];
        var report = PoseEvaluation.Evaluate(
            PoseTestData.View(predicted, 17, s, a, cameras, frames), PoseTestData.View(target, 17, s, a, cameras, frames));
        var expected = PoseMetrics.MeanVelocityError(predicted.AsSpan(0, 2 * size), target.AsSpan(0, 2 * size), 17);
        Assert.AreEqual(expected, report.Mpjve!.Value, SameSumsTolerance);
        Assert.AreEqual(PoseMetrics.Mpjpe(predicted, target, 17), report.Mpjpe, SameSumsTolerance);
        Assert.AreEqual(PoseMetrics.PaMpjpe(predicted, target, 17), report.PaMpjpe, SameSumsTolerance);
        Assert.AreEqual(PoseMetrics.NMpjpe(predicted, target, 17), report.NMpjpe, SameSumsTolerance);
    }

    [TestMethod]
    public void Evaluate_ThrowsNamingTheFirstPredictionWithoutGroundTruth()
    {
        var (predicted, truth, _) = FixtureViews();
        var fewer = truth.Take(truth.Rows - 1);
        var e = Assert.ThrowsExactly<DataFormatException>(() => PoseEvaluation.Evaluate(predicted, fewer,
            new PoseEvaluationOptions { PredictedSource = "P.csv", TruthSource = "G.csv" }));
        StringAssert.StartsWith(e.Message, "P.csv");
        StringAssert.Contains(e.Message, $"row {predicted.Rows}");
        StringAssert.Contains(e.Message, "frame 5");
        StringAssert.Contains(e.Message, "G.csv");
        // Ignoring unmatched predictions evaluates the rest.
        var report = PoseEvaluation.Evaluate(predicted, fewer, new PoseEvaluationOptions { UnmatchedPredictions = UnmatchedRows.Ignore });
        Assert.AreEqual(predicted.Rows - 1, report.Frames);
    }

    [TestMethod]
    public void Evaluate_ThrowsForGroundTruthWithoutPrediction_UnlessIgnored()
    {
        var (predicted, truth, _) = FixtureViews();
        var fewer = predicted.Take(predicted.Rows - 2, skip: 2);
        var e = Assert.ThrowsExactly<DataFormatException>(() => PoseEvaluation.Evaluate(fewer, truth));
        StringAssert.StartsWith(e.Message, "truth");
        StringAssert.Contains(e.Message, "row 1 ");
        StringAssert.Contains(e.Message, "no prediction");
        var report = PoseEvaluation.Evaluate(fewer, truth, new PoseEvaluationOptions { UnmatchedTruth = UnmatchedRows.Ignore });
        Assert.AreEqual(predicted.Rows - 2, report.Frames);
    }

    [TestMethod]
    public void Evaluate_ThrowsForRepeatedKeys()
    {
        var pose = PoseTestData.RandomPoses(1, 2, 17);
        var view = PoseTestData.View(pose, 17, ["S1", "S1"], ["A", "A"], [0, 0], [4, 4]);
        var e = Assert.ThrowsExactly<DataFormatException>(() => PoseEvaluation.Evaluate(view, view));
        StringAssert.Contains(e.Message, "repeats the key");
        StringAssert.Contains(e.Message, "frame 4");
    }

    [TestMethod]
    public void Evaluate_ThrowsForMismatchedJointCounts()
    {
        var p = PoseTestData.View(new float[17 * 3], 17, ["S1"], ["A"], [0], [0]);
        var t = PoseTestData.View(new float[16 * 3], 16, ["S1"], ["A"], [0], [0]);
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => PoseEvaluation.Evaluate(p, t));
        Assert.AreEqual(PoseColumns.Pose3D, e.Column);
        StringAssert.Contains(e.Message, "17");
        StringAssert.Contains(e.Message, "16");
    }

    [TestMethod]
    public void Evaluate_ThrowsForMissingKeyColumn()
    {
        var p = new DataViewBuilder().AddFloat(PoseColumns.Pose3D, new float[17 * 3], 17, 3).Build();
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => PoseEvaluation.Evaluate(p, p));
        Assert.AreEqual(PoseColumns.Subject, e.Column);
    }

    [TestMethod]
    public void Evaluate_ThrowsOnNaNGroundTruthNamingRowAndField()
    {
        var pose = PoseTestData.RandomPoses(2, 3, 17);
        var bad = (float[])pose.Clone();
        bad[(17 * 2 + 2) * 3 + 1] = float.NaN; // row 3, RKnee_y
        var keys = (s: new[] { "S1", "S1", "S1" }, a: new[] { "A", "A", "A" }, c: new[] { 0, 0, 0 }, f: new[] { 0, 1, 2 });
        var p = PoseTestData.View(pose, 17, keys.s, keys.a, keys.c, keys.f);
        var t = PoseTestData.View(bad, 17, keys.s, keys.a, keys.c, keys.f);
        var e = Assert.ThrowsExactly<DataFormatException>(() => PoseEvaluation.Evaluate(p, t, new PoseEvaluationOptions { TruthSource = "G.csv" }));
        StringAssert.StartsWith(e.Message, "G.csv");
        StringAssert.Contains(e.Message, "row 3");
        Assert.AreEqual("RKnee_y", e.Field);
        // Missing ground truth stays an error even when missing predictions may be skipped.
        Assert.ThrowsExactly<DataFormatException>(() => PoseEvaluation.Evaluate(p, t, new PoseEvaluationOptions { SkipMissingJoints = true }));
    }

    [TestMethod]
    public void Evaluate_NaNPrediction_IsAnErrorUnlessMissingJointsAreSkipped()
    {
        var target = PoseTestData.RandomPoses(5, 2, 17);
        var predicted = PoseTestData.AddNoise(target, 50, 6);
        predicted[(17 + 13) * 3] = float.NaN; // row 2, LWrist_x
        var keys = (s: new[] { "S1", "S1" }, a: new[] { "A", "A" }, c: new[] { 0, 0 }, f: new[] { 0, 1 });
        var p = PoseTestData.View(predicted, 17, keys.s, keys.a, keys.c, keys.f);
        var t = PoseTestData.View(target, 17, keys.s, keys.a, keys.c, keys.f);
        var e = Assert.ThrowsExactly<DataFormatException>(() => PoseEvaluation.Evaluate(p, t));
        Assert.AreEqual("LWrist_x", e.Field);
        StringAssert.Contains(e.Message, "row 2");
        StringAssert.Contains(e.Message, "SkipMissingJoints");

        var report = PoseEvaluation.Evaluate(p, t, new PoseEvaluationOptions { SkipMissingJoints = true });
        Assert.AreEqual(1, report.MissingJoints);
        Assert.AreEqual(2, report.Frames);
        // Independent expectation: the root-aligned distances of the 33 present joints, averaged.
        double sum = 0;
        for (var f = 0; f < 2; f++)
            for (var j = 0; j < 17; j++)
                if (!(f == 1 && j == 13)) sum += RootAlignedDistance(predicted, target, f, j);
        Assert.AreEqual(sum / 33, report.Mpjpe, SameSumsTolerance);
        Assert.AreEqual(RootAlignedDistance(predicted, target, 0, 13), report.PerJoint["LWrist"], SameSumsTolerance,
            "LWrist's error comes from the one frame where it is present");
        Assert.IsTrue(double.IsFinite(report.PaMpjpe) && double.IsFinite(report.NMpjpe) && double.IsFinite(report.Mpjve!.Value));
    }

    [TestMethod]
    public void Evaluate_IsIndependentOfBatchSize()
    {
        var (predicted, truth, _) = FixtureViews();
        var one = PoseEvaluation.Evaluate(predicted, truth, new PoseEvaluationOptions { BatchSize = 1 });
        var many = PoseEvaluation.Evaluate(predicted, truth, new PoseEvaluationOptions { BatchSize = 4096 });
        Assert.AreEqual(many.Mpjpe, one.Mpjpe);
        Assert.AreEqual(many.PaMpjpe, one.PaMpjpe);
        Assert.AreEqual(many.Auc, one.Auc);
        Assert.AreEqual(many.Mpjve, one.Mpjve);
    }

    private static double RootAlignedDistance(float[] p, float[] t, int frame, int joint)
    {
        double d2 = 0;
        for (var a = 0; a < 3; a++)
        {
            double d = ((double)p[(frame * 17 + joint) * 3 + a] - p[frame * 51 + a]) - ((double)t[(frame * 17 + joint) * 3 + a] - t[frame * 51 + a]);
            d2 += d * d;
        }
        return Math.Sqrt(d2);
    }
}
