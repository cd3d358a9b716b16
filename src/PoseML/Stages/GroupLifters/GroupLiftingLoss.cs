using PoseML.Stages.Consensus;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.GroupLifters;

/// <summary>The training objective of the group lifters, <c>L = L_lifting + w·L_aggre</c> (Deep Pose Consensus
/// Networks Eq. 4 and Eq. 12), per frame and averaged over the batch.</summary>
/// <remarks>
/// Both terms are measured on the de-normalised group estimates in <b>metres</b> and summed over the Σn_g
/// stacked rows of a frame: <c>L_lifting = Σ_j ‖X̂_j − X_j‖²</c> (X_j the group's centred ground truth) and
/// <c>L_aggre = Σ_j ‖centre_j(M·X̂) − X̂_j‖²</c> (<see cref="AggregationLoss"/>). They share units (m²) and the
/// same sum over stacked joints, so w = 1 (the paper's unweighted sum) balances them: L_aggre is the part of
/// the estimates' error that the least-squares consensus can see as disagreement between groups, and cannot
/// exceed the lifting error of an unbiased estimate. Measuring in the data's units rather than in z-scores
/// keeps the two terms comparable (z-scores weight each coordinate by its spread, which the consensus does not);
/// metres (not mm) keep the values near 1 so RMSProp's ε is negligible either way.
/// <para>Which consensus X stands for, and whether the gradient flows through it, is <see cref="Reading"/>
/// (<see cref="AggregationReading"/> derives each gradient). Writing E = F − T for the error against the centred
/// targets T (which the consensus reproduces exactly: MT = T), the least-squares readings give
/// L = ‖E‖² + w‖(I − M)E‖² = ‖ME‖² + (1 + w)‖(I − M)E‖²: L_aggre re-weights the part of the error that the
/// consensus averages away, against the part ME that survives it.</para>
/// </remarks>
public sealed class GroupLiftingLoss
{
    private readonly AggregationLoss? _aggregation;
    private readonly ConsensusSolver? _robust;
    private float[] _scratch = [];
    private float[] _poses = [];

    /// <summary>Creates the loss for <paramref name="groups"/>; with <paramref name="useAggregation"/> false only
    /// L_lifting is used (the paper's ablation).</summary>
    /// <param name="groups">The joint groups.</param>
    /// <param name="useAggregation">Whether L_aggre is added.</param>
    /// <param name="aggregationWeight">The weight w of L_aggre.</param>
    /// <param name="reading">Which consensus X of Eq. 12 is used and whether the gradient flows through it.</param>
    /// <param name="maxThreads">Threads of the l2,1 solver for <see cref="AggregationReading.RobustConsensus"/> (≤ 0: every core).</param>
    /// <exception cref="Core.InvalidOptionException">With aggregation: groups that leave a joint uncovered or do not connect all joints, or an unknown reading.</exception>
    public GroupLiftingLoss(JointGroups groups, bool useAggregation = true, double aggregationWeight = GroupLifterDefaults.AggregationWeight,
        AggregationReading reading = GroupLifterDefaults.AggregationReading, int maxThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (!Enum.IsDefined(reading)) throw new Core.InvalidOptionException(nameof(reading), $"unknown aggregation reading {(int)reading}");
        Groups = groups;
        AggregationWeight = aggregationWeight;
        Reading = reading;
        _aggregation = useAggregation && aggregationWeight != 0 ? new AggregationLoss(groups) : null;
        if (_aggregation is not null && reading == AggregationReading.RobustConsensus)
            _robust = new ConsensusSolver(groups, RobustTargetOptions with { MaxThreads = maxThreads });
    }

    /// <summary>The l2,1 consensus behind <see cref="AggregationReading.RobustConsensus"/>'s targets: the test-time
    /// solver's settings with a looser tolerance (1e-4 relative: the target moves every step anyway, and float32
    /// estimates do not resolve more) and at most 1,000 ADMM iterations per frame.</summary>
    public static ConsensusOptions RobustTargetOptions { get; } = new()
    {
        Solver = ConsensusSolverKind.L21, Tolerance = 1e-4, MaxIterations = 1000, Gauge = ConsensusGauge.Centroid,
    };

    /// <summary>The reading of Eq. 12.</summary>
    public AggregationReading Reading { get; }

    /// <summary>The joint groups.</summary>
    public JointGroups Groups { get; }

    /// <summary>Whether L_aggre is part of the objective.</summary>
    public bool UsesAggregation => _aggregation is not null;

    /// <summary>The weight w of L_aggre.</summary>
    public double AggregationWeight { get; }

    /// <summary>Computes the batch means of L_lifting and L_aggre and writes the gradient of
    /// <c>mean(L_lifting + w·L_aggre)</c> with respect to <paramref name="estimates"/>. All spans are
    /// [batch, rows, 3] in metres.</summary>
    /// <returns>(L_lifting, L_aggre) averaged over the batch (L_aggre is 0 when it is off).</returns>
    public (double Lifting, double Aggregation) Compute(ReadOnlySpan<float> estimates, ReadOnlySpan<float> targets, Span<float> gradient)
    {
        var frameSize = Groups.RowCount * 3;
        if (estimates.Length % frameSize != 0 || targets.Length != estimates.Length || gradient.Length != estimates.Length)
            throw new Core.InvalidOptionException(nameof(estimates), $"expected spans of [batch, {Groups.RowCount}, 3] values, got {estimates.Length}, {targets.Length}, {gradient.Length}");
        var batch = estimates.Length / frameSize;
        if (batch == 0) return (0, 0);
        var scale = 2.0f / batch;
        double lifting = 0;
        for (var i = 0; i < estimates.Length; i++)
        {
            var d = estimates[i] - targets[i];
            lifting += (double)d * d;
            gradient[i] = scale * d;
        }
        double aggregation = 0;
        if (_aggregation is not null)
        {
            if (_scratch.Length < estimates.Length) _scratch = new float[estimates.Length];
            var g = _scratch.AsSpan(0, estimates.Length);
            if (Reading == AggregationReading.ThroughConsensus)
            {
                aggregation = _aggregation.Compute(estimates, g);
            }
            else
            {
                ConsensusTarget(estimates, g);
                aggregation = HeldTargetLoss(estimates, g, g);
            }
            var w = (float)(AggregationWeight / batch);
            for (var i = 0; i < g.Length; i++) gradient[i] += w * g[i];
        }
        return (lifting / batch, aggregation / batch);
    }

    /// <summary>Writes the stacked, per-group centred consensus <c>X|_{g_j} W_j</c> of <paramref name="estimates"/>
    /// ([batch, rows, 3], metres) that the held-constant readings pull each group towards: least squares
    /// (<c>M·F</c>) for <see cref="AggregationReading.ThroughConsensus"/> and <see cref="AggregationReading.StopGradient"/>,
    /// the l2,1 consensus for <see cref="AggregationReading.RobustConsensus"/>.</summary>
    /// <exception cref="Core.InvalidOptionException">Spans that do not match the groups, or L_aggre switched off.</exception>
    public void ConsensusTarget(ReadOnlySpan<float> estimates, Span<float> target)
    {
        if (_aggregation is null) throw new Core.InvalidOptionException("useAggregation", "L_aggre is off, so there is no consensus target");
        if (_robust is null)
        {
            _aggregation.Apply(estimates, target);
            return;
        }
        var rows = Groups.RowCount;
        var joints = Groups.JointCount;
        if (estimates.Length % (rows * 3) != 0 || target.Length != estimates.Length)
            throw new Core.InvalidOptionException(nameof(estimates), $"expected spans of [batch, {rows}, 3] values, got {estimates.Length} and {target.Length}");
        var batch = estimates.Length / (rows * 3);
        if (_poses.Length < batch * joints * 3) _poses = new float[batch * joints * 3];
        var poses = _poses.AsSpan(0, batch * joints * 3);
        _robust.Solve(estimates, [], poses);
        for (var s = 0; s < batch; s++)
        {
            var pose = poses.Slice(s * joints * 3, joints * 3);
            var t = target.Slice(s * rows * 3, rows * 3);
            for (var g = 0; g < Groups.GroupCount; g++)
            {
                var members = Groups.Groups[g];
                var offset = Groups.RowOffset(g);
                for (var d = 0; d < 3; d++)
                {
                    double mean = 0;
                    foreach (var j in members) mean += pose[3 * j + d];
                    mean /= members.Length;
                    for (var k = 0; k < members.Length; k++) t[3 * (offset + k) + d] = (float)(pose[3 * members[k] + d] - mean);
                }
            }
        }
    }

    /// <summary>L_aggre against a consensus <paramref name="target"/> held constant, <c>Σ ‖target − F‖²</c> summed
    /// over the batch, and its gradient <c>2(F − target)</c> (not divided by the batch); <paramref name="gradient"/>
    /// may be the same span as <paramref name="target"/>.</summary>
    public static double HeldTargetLoss(ReadOnlySpan<float> estimates, ReadOnlySpan<float> target, Span<float> gradient)
    {
        if (target.Length != estimates.Length || gradient.Length != estimates.Length)
            throw new Core.InvalidOptionException(nameof(target), $"expected {estimates.Length} values like the estimates, got {target.Length} and {gradient.Length}");
        double loss = 0;
        for (var i = 0; i < estimates.Length; i++)
        {
            double d = estimates[i] - (double)target[i];
            loss += d * d;
            gradient[i] = (float)(2 * d);
        }
        return loss;
    }
}
