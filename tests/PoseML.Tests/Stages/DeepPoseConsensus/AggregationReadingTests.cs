using PoseML.Data;
using PoseML.Stages.Consensus;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.JointGrouping;

namespace PoseML.Tests.Stages.DeepPoseConsensus;

/// <summary>The readings of Eq. 12 (<see cref="AggregationReading"/>): each gradient against central differences of
/// its own loss, the derived identity of the two least-squares readings, and what the robust target is.</summary>
[TestClass]
public sealed class AggregationReadingTests
{
    private static readonly JointGroups Groups = JointGroupSampler.KinematicNeighbourhoods(Skeletons.Human36M17, 10);
    private const int Batch = 2;
    private const double Weight = 0.7;

    private static (float[] F, float[] T) Problem(int seed)
    {
        // Estimates: consistent group blocks of a pose (metres) plus 0.05 m noise, with ~10 % of the groups off by
        // ~0.3 m; targets: the centred true blocks.
        var p = ConsensusSynthetic.Make(Groups, Batch, seed, noiseMm: 50, outlierFraction: 0.1, scale: 1);
        var t = new float[p.Estimates.Length];
        var layoutTargets = CentredBlocks(p.Truth);
        layoutTargets.CopyTo(t, 0);
        return (p.Estimates, t);
    }

    /// <summary>Each group's joints of <paramref name="poses"/> ([batch, 17, 3]) minus their mean, stacked.</summary>
    private static float[] CentredBlocks(float[] poses)
    {
        var rows = Groups.RowCount;
        var result = new float[Batch * rows * 3];
        for (var s = 0; s < Batch; s++)
            for (var g = 0; g < Groups.GroupCount; g++)
            {
                var members = Groups.Groups[g];
                for (var d = 0; d < 3; d++)
                {
                    var mean = members.Average(j => (double)poses[(s * 17 + j) * 3 + d]);
                    for (var k = 0; k < members.Length; k++)
                        result[(s * rows + Groups.RowOffset(g) + k) * 3 + d] = (float)(poses[(s * 17 + members[k]) * 3 + d] - mean);
                }
            }
        return result;
    }

    private static float[] Gradient(GroupLiftingLoss loss, float[] f, float[] t)
    {
        var g = new float[f.Length];
        loss.Compute(f, t, g);
        return g;
    }

    [TestMethod]
    public void StopGradient_HasTheSameGradientAsThroughTheConsensus()
    {
        // Derived in AggregationReading: M = Mᵀ = M², so 2(M − I)ᵀ(M − I)F = 2(F − MF). The two are computed by
        // different code (the factored ‖(M − I)F‖² in double vs M·F rounded to float, then F − target).
        var (f, t) = Problem(1);
        var through = new GroupLiftingLoss(Groups, true, Weight, AggregationReading.ThroughConsensus);
        var stop = new GroupLiftingLoss(Groups, true, Weight, AggregationReading.StopGradient);
        var a = Gradient(through, f, t);
        var b = Gradient(stop, f, t);
        var largest = a.Max(Math.Abs);
        Assert.IsGreaterThan(1e-2f, largest);
        const double FloatRounding = 1e-6; // float32 target values of ~1 m, gradients of ~0.1–1 (relative 1e-6)
        for (var i = 0; i < a.Length; i++) Assert.AreEqual(a[i], b[i], FloatRounding, $"element {i}");
        var (_, aggreThrough) = through.Compute(f, t, new float[f.Length]);
        var (_, aggreStop) = stop.Compute(f, t, new float[f.Length]);
        Assert.AreEqual(aggreThrough, aggreStop, 1e-5 * aggreThrough, "same L_aggre value");
    }

    [TestMethod]
    [DataRow(AggregationReading.StopGradient)]
    [DataRow(AggregationReading.RobustConsensus)]
    public void HeldConstantReadings_GradientMatchesFiniteDifferencesWithTheTargetFrozen(AggregationReading reading)
    {
        var (f, t) = Problem(2);
        var loss = new GroupLiftingLoss(Groups, true, Weight, reading, maxThreads: 1);
        var analytic = Gradient(loss, f, t);
        var target = new float[f.Length];
        loss.ConsensusTarget(f, target);
        var lifting = new GroupLiftingLoss(Groups, useAggregation: false);
        var scratch = new float[f.Length];
        // L(F) = mean over the batch of L_lifting(F) + w·Σ‖target − F‖², the target computed once at the base point.
        double Total()
        {
            var (lift, _) = lifting.Compute(f, t, scratch);
            return lift + Weight * GroupLiftingLoss.HeldTargetLoss(f, target, scratch) / Batch;
        }
        var rng = new Random(3);
        for (var trial = 0; trial < 40; trial++)
        {
            var q = rng.Next(f.Length);
            const float H = 1e-2f; // quadratic in F: central differences are exact up to float rounding of f ± h
            var original = f[q];
            f[q] = original + H;
            var plus = Total();
            f[q] = original - H;
            var minus = Total();
            f[q] = original;
            var numeric = (plus - minus) / ((double)(original + H) - (original - H));
            const double Tolerance = 1e-4; // float32 losses of ~10 m² differenced over 2e-2
            Assert.AreEqual(numeric, analytic[q], Tolerance, $"{reading}, entry {q}");
        }
    }

    [TestMethod]
    public void RobustTarget_IgnoresTheCorruptedGroupsThatPullTheLeastSquaresTarget()
    {
        // Noise-free consistent groups, ~10 % of them corrupted by 0.3 m per coordinate: the l2,1 consensus recovers
        // the true pose, so its centred blocks equal the true centred blocks; least squares is pulled off by the outliers.
        var p = ConsensusSynthetic.Make(Groups, Batch, seed: 5, noiseMm: 0, outlierFraction: 0.1, scale: 1);
        var truth = CentredBlocks(p.Truth);
        var robust = new float[truth.Length];
        var lsq = new float[truth.Length];
        new GroupLiftingLoss(Groups, true, 1, AggregationReading.RobustConsensus, maxThreads: 1).ConsensusTarget(p.Estimates, robust);
        new GroupLiftingLoss(Groups, true, 1, AggregationReading.StopGradient).ConsensusTarget(p.Estimates, lsq);
        var robustError = robust.Select((v, i) => Math.Abs(v - truth[i])).Max();
        var lsqError = lsq.Select((v, i) => Math.Abs(v - truth[i])).Max();
        Assert.IsLessThan(2e-3, robustError, "l2,1 target within 2 mm of the truth (ADMM tolerance 1e-4 relative)");
        Assert.IsGreaterThan(2e-2, lsqError, "least-squares target pulled > 20 mm by the outliers");
    }
}
