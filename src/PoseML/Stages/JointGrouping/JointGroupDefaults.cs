namespace PoseML.Stages.JointGrouping;

/// <summary>Defaults of joint-group selection (Deep Pose Consensus Networks §4.1 and §7).</summary>
public static class JointGroupDefaults
{
    /// <summary>λ of Eq. 2 on the max-normalised similarity (the paper's value is 10).</summary>
    public const double Lambda = 10.0;

    /// <summary>Joints per group n_g (the paper evaluates 6–13; 10 is its main setting).</summary>
    public const int GroupSize = 10;

    /// <summary>Minimum number of groups containing each joint, m_g (paper: 10).</summary>
    public const int MinCoverage = 10;

    /// <summary>Seed of the group sampler.</summary>
    public const int Seed = 0;
}
