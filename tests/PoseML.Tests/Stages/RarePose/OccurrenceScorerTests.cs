using PoseML.Core;
using PoseML.Data.Formats;
using PoseML.Data.View;
using PoseML.Stages.RarePose;

namespace PoseML.Tests.Stages.RarePose;

[TestClass]
public sealed class OccurrenceScorerTests
{
    /// <summary>The exact mode sums float32 exponentials in chunks; against a double reference it agrees to ~1e-6.</summary>
    private const double ExactTolerance = 1e-5;

    private const int Joints = 17;

    /// <summary>Independent reference: Eq. 9–10 in double, straight from the definition.</summary>
    private static double Reference(float[] query, int q, float[] reference, float[] sigma, int root = 0)
    {
        var m = reference.Length / (Joints * 3);
        double total = 0;
        for (var r = 0; r < m; r++)
        {
            double ps = 0;
            for (var i = 0; i < Joints; i++)
            {
                double d2 = 0;
                for (var a = 0; a < 3; a++)
                {
                    double qa = query[(q * Joints + i) * 3 + a] - query[(q * Joints + root) * 3 + a];
                    double ra = reference[(r * Joints + i) * 3 + a] - reference[(r * Joints + root) * 3 + a];
                    d2 += (qa - ra) * (qa - ra);
                }
                ps += sigma[i] == 0 ? (d2 == 0 ? 1 : 0) : Math.Exp(-d2 / (2.0 * sigma[i] * sigma[i]));
            }
            total += ps / Joints;
        }
        return total / m;
    }

    private static float[] RandomPoses(int seed, int count, double spread = 200)
    {
        var rng = new Random(seed);
        var poses = new float[count * Joints * 3];
        for (var i = 0; i < poses.Length; i++) poses[i] = (float)((rng.NextDouble() - 0.5) * spread + (i % 3) * 1000);
        return poses;
    }

    internal static float[] CmuPoses(int every, params string[] takes)
    {
        var all = new List<float>();
        foreach (var take in takes)
        {
            var poses = PoseCsv.Read(Path.Combine(RepoPaths.Root, "datasets", "cmu", "poses", take + ".csv")).ReadFloats("Pose3D");
            for (var f = 0; f < poses.Length / (Joints * 3); f += every) all.AddRange(poses.AsSpan(f * Joints * 3, Joints * 3));
        }
        return all.ToArray();
    }

    [TestMethod]
    [DataRow(OccurrenceMode.Exact)]
    [DataRow(OccurrenceMode.Fast)]
    public void Occurrence_OfPoseAgainstSetOfItselfIsOne(OccurrenceMode mode)
    {
        var pose = RandomPoses(1, 1);
        // default σ: every joint is constant in a one-pose set, so each contributes exactly 1
        var scorer = OccurrenceScorer.Fit(pose, Joints, new RarePoseOptions { Mode = mode });
        Assert.AreEqual(1f, scorer.Score(pose)[0]);
        // explicit σ: exp(0) = 1 for every joint (fast mode within its stated bound)
        var sigma = Enumerable.Repeat(50f, Joints).ToArray();
        var withSigma = OccurrenceScorer.Fit(pose, Joints, new RarePoseOptions { Mode = mode, Sigma = sigma });
        Assert.AreEqual(1.0, withSigma.Score(pose)[0], Math.Max(ExactTolerance, withSigma.ErrorBound));
    }

    [TestMethod]
    public void Exact_MatchesDefinitionInDouble()
    {
        var reference = RandomPoses(2, 40);
        var queries = RandomPoses(3, 7);
        var sigma = Enumerable.Range(0, Joints).Select(i => 40f + 5 * i).ToArray();
        var scorer = OccurrenceScorer.Fit(reference, Joints, new RarePoseOptions { Mode = OccurrenceMode.Exact, Sigma = sigma });
        var scores = scorer.Score(queries);
        for (var q = 0; q < 7; q++) Assert.AreEqual(Reference(queries, q, reference, sigma), scores[q], ExactTolerance);
        // a query identical to a reference pose scores at least 1/M
        Assert.IsTrue(scorer.Score(reference.AsSpan(0, Joints * 3))[0] >= 1.0 / 40 - ExactTolerance);
    }

    [TestMethod]
    public void DefaultSigma_IsRootRelativePerJointStandardDeviation()
    {
        var reference = RandomPoses(4, 30);
        var scorer = OccurrenceScorer.Fit(reference, Joints, new RarePoseOptions { Mode = OccurrenceMode.Exact });
        var sigma = scorer.Sigma.ToArray();
        Assert.AreEqual(0f, sigma[0], "the root is constant once poses are root-relative");
        for (var j = 1; j < Joints; j++)
        {
            double variance = 0;
            for (var a = 0; a < 3; a++)
            {
                var values = Enumerable.Range(0, 30).Select(m => (double)(reference[(m * Joints + j) * 3 + a] - reference[m * Joints * 3 + a])).ToArray();
                var mean = values.Average();
                variance += values.Sum(v => (v - mean) * (v - mean)) / 30;
            }
            Assert.AreEqual(Math.Sqrt(variance / 3), sigma[j], 1e-3 * sigma[j]);
        }
        // and the scores use them, the root contributing exactly 1 to every pair
        var queries = RandomPoses(5, 3);
        var scores = scorer.Score(queries);
        for (var q = 0; q < 3; q++) Assert.AreEqual(Reference(queries, q, reference, sigma), scores[q], ExactTolerance);
    }

    [TestMethod]
    [DataRow(OccurrenceMode.Exact)]
    [DataRow(OccurrenceMode.Fast)]
    public void Occurrence_IsInvariantToTranslatingEachPose(OccurrenceMode mode)
    {
        var reference = RandomPoses(6, 50);
        var queries = RandomPoses(7, 5);
        var moved = (float[])queries.Clone();
        for (var q = 0; q < 5; q++)
            for (var i = 0; i < Joints * 3; i++) moved[q * Joints * 3 + i] += (i % 3 + 1) * 700f * (q + 1);
        var scorer = OccurrenceScorer.Fit(reference, Joints, new RarePoseOptions { Mode = mode });
        var a = scorer.Score(queries);
        var b = scorer.Score(moved);
        // translation changes the root-relative coordinates only by float rounding (≈ 1e-4 mm on ~4,000 mm)
        for (var q = 0; q < 5; q++) Assert.AreEqual(a[q], b[q], 1e-5);
    }

    [TestMethod]
    public void Fast_WithinStatedBoundOfExact_OnRealCmuPoses()
    {
        var reference = CmuPoses(4, "35_01", "09_11", "60_01", "131_02");
        var queries = CmuPoses(37, "01_01", "61_03", "35_01", "07_01");
        var fast = OccurrenceScorer.Fit(reference, Joints, new RarePoseOptions { Mode = OccurrenceMode.Fast });
        var exact = OccurrenceScorer.Fit(reference, Joints, new RarePoseOptions { Mode = OccurrenceMode.Exact });
        var f = fast.Score(queries);
        var e = exact.Score(queries);
        var worst = f.Zip(e, (x, y) => Math.Abs(x - y)).Max();
        Assert.IsTrue(fast.ErrorBound is > 0 and < 0.0025, $"bound {fast.ErrorBound}");
        Assert.IsTrue(worst <= fast.ErrorBound, $"fast vs exact max |error| {worst} exceeds the bound {fast.ErrorBound}");
        Assert.IsTrue(e.Max() > 0.05, "the queries include common poses, so the comparison is not all near zero");
    }

    [TestMethod]
    public void Fast_WithinStatedBound_OnSyntheticWorstCases()
    {
        // One reference point probes the kernel itself: queries sweep sub-cell offsets along and across the axes,
        // where the interpolation error is largest (near the peak, where |k⁗| is largest, and at cell midpoints).
        var reference = new float[Joints * 3];
        var sigma = Enumerable.Repeat(10f, Joints).ToArray();
        foreach (var steps in new[] { 1.0, 2.0, 4.0 })
        {
            var options = new RarePoseOptions { Mode = OccurrenceMode.Fast, Sigma = sigma, RootJoint = -1, GridStepsPerSigma = steps };
            var fast = OccurrenceScorer.Fit(reference, Joints, options);
            var exact = OccurrenceScorer.Fit(reference, Joints, options with { Mode = OccurrenceMode.Exact });
            var queries = new float[200 * Joints * 3];
            for (var q = 0; q < 200; q++)
                for (var i = 0; i < Joints; i++)
                {
                    var t = q * 0.173f + i * 0.031f; // dense, incommensurate sub-cell offsets from -0 to ~35 mm
                    queries[(q * Joints + i) * 3] = t;
                    queries[(q * Joints + i) * 3 + 1] = (i % 3) * t * 0.5f;
                    queries[(q * Joints + i) * 3 + 2] = -(i % 5) * 0.37f;
                }
            var f = fast.Score(queries);
            var e = exact.Score(queries);
            var worst = f.Zip(e, (x, y) => Math.Abs(x - y)).Max();
            Assert.IsTrue(worst <= fast.ErrorBound, $"h = σ/{steps}: max |error| {worst} exceeds the bound {fast.ErrorBound}");
            Assert.IsTrue(worst > fast.ErrorBound / 1000, $"h = σ/{steps}: the probe should exercise the approximation ({worst})");
        }
    }

    [TestMethod]
    public void Fast_CoarsensGridToRespectNodeCap_AndBoundStillHolds()
    {
        var reference = RandomPoses(8, 100, spread: 2000);
        var sigma = Enumerable.Repeat(30f, Joints).ToArray();
        var options = new RarePoseOptions { Mode = OccurrenceMode.Fast, Sigma = sigma, MaximumGridNodesPerJoint = 1 << 12 };
        var fast = OccurrenceScorer.Fit(reference, Joints, options);
        Assert.IsTrue(fast.GridSteps.Skip(1).All(h => h > 30f / 4), "the cap forces a coarser step than σ/4");
        var exact = OccurrenceScorer.Fit(reference, Joints, options with { Mode = OccurrenceMode.Exact });
        var queries = RandomPoses(9, 40, spread: 2000);
        var worst = fast.Score(queries).Zip(exact.Score(queries), (x, y) => Math.Abs(x - y)).Max();
        Assert.IsTrue(worst <= fast.ErrorBound, $"{worst} > {fast.ErrorBound}");
    }

    [TestMethod]
    [DataRow(OccurrenceMode.Exact)]
    [DataRow(OccurrenceMode.Fast)]
    public void Score_GivesNaNForPoseWithMissingJoint(OccurrenceMode mode)
    {
        var scorer = OccurrenceScorer.Fit(RandomPoses(10, 20), Joints, new RarePoseOptions { Mode = mode });
        var queries = RandomPoses(11, 2);
        queries[Joints * 3 + 7] = float.NaN;
        var s = scorer.Score(queries);
        Assert.IsFalse(float.IsNaN(s[0]));
        Assert.IsTrue(float.IsNaN(s[1]));
    }

    [TestMethod]
    public void Fit_RejectsBadInputWithTypedErrors()
    {
        var poses = RandomPoses(12, 3);
        Assert.ThrowsExactly<InvalidOptionException>(() => OccurrenceScorer.Fit(poses, Joints, new RarePoseOptions { Sigma = [1f, 2f] }));
        Assert.ThrowsExactly<InvalidOptionException>(() => OccurrenceScorer.Fit(poses, Joints, new RarePoseOptions { Sigma = Enumerable.Repeat(0f, Joints).ToArray() }));
        Assert.ThrowsExactly<InvalidOptionException>(() => OccurrenceScorer.Fit(poses, Joints, new RarePoseOptions { RootJoint = 17 }));
        Assert.ThrowsExactly<InvalidOptionException>(() => OccurrenceScorer.Fit(poses.AsSpan(1), Joints));
        Assert.ThrowsExactly<InvalidOptionException>(() => OccurrenceScorer.Fit(ReadOnlySpan<float>.Empty, Joints));
        poses[5] = float.NaN;
        var error = Assert.ThrowsExactly<DataFormatException>(() => OccurrenceScorer.Fit(poses, Joints));
        StringAssert.Contains(error.Message, "not finite");
        var scorer = OccurrenceScorer.Fit(RandomPoses(13, 3), Joints);
        Assert.ThrowsExactly<InvalidOptionException>(() => scorer.Score(new float[Joints * 3], new float[2]));
    }
}
