namespace PoseML.Stages.JointGrouping;

/// <summary>Options of the joint-group samplers (<see cref="JointGroupSampler"/>).</summary>
public sealed record JointGroupSamplingOptions
{
    /// <summary>λ of Eq. 2, applied to the similarity normalised by its maximum (so it does not depend on
    /// pose units or sequence length). 0 gives uniformly random groups; large values keep groups tight.</summary>
    public double Lambda { get; init; } = JointGroupDefaults.Lambda;

    /// <summary>Joints per group n_g, between 2 and the joint count.</summary>
    public int GroupSize { get; init; } = JointGroupDefaults.GroupSize;

    /// <summary>Groups are drawn until every joint is in at least this many groups (m_g ≥ 1).</summary>
    public int MinCoverage { get; init; } = JointGroupDefaults.MinCoverage;

    /// <summary>Seed of the random draws; the same seed gives the same groups.</summary>
    public int Seed { get; init; } = JointGroupDefaults.Seed;
}
