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
/// </remarks>
public sealed class GroupLiftingLoss
{
    private readonly AggregationLoss? _aggregation;
    private float[] _scratch = [];

    /// <summary>Creates the loss for <paramref name="groups"/>; with <paramref name="useAggregation"/> false only
    /// L_lifting is used (the paper's ablation).</summary>
    /// <exception cref="Core.InvalidOptionException">With aggregation: groups that leave a joint uncovered or do not connect all joints.</exception>
    public GroupLiftingLoss(JointGroups groups, bool useAggregation = true, double aggregationWeight = GroupLifterDefaults.AggregationWeight)
    {
        ArgumentNullException.ThrowIfNull(groups);
        Groups = groups;
        AggregationWeight = aggregationWeight;
        _aggregation = useAggregation && aggregationWeight != 0 ? new AggregationLoss(groups) : null;
    }

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
            aggregation = _aggregation.Compute(estimates, g);
            var w = (float)(AggregationWeight / batch);
            for (var i = 0; i < g.Length; i++) gradient[i] += w * g[i];
        }
        return (lifting / batch, aggregation / batch);
    }
}
