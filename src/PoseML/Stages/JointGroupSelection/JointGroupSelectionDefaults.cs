using PoseML.Data;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.JointGroupSelection;

/// <summary>Default settings of the joint-group selection stage, shared by its options and catalog method.</summary>
public static class JointGroupSelectionDefaults
{
    /// <summary>The 3D pose column whose joint trajectories define the similarity of Eq. 1.</summary>
    public const string LabelColumnName = PoseColumns.Pose3D;

    /// <summary>The paper's similarity-weighted sampling.</summary>
    public const JointGroupStrategy Strategy = JointGroupStrategy.Weighted;

    /// <summary>λ of Eq. 2 (the paper's 10).</summary>
    public const double Lambda = JointGroupDefaults.Lambda;

    /// <summary>Joints per group n_g (the paper's 10).</summary>
    public const int GroupSize = JointGroupDefaults.GroupSize;

    /// <summary>Minimum groups per joint m_g (the paper's 10).</summary>
    public const int MinCoverage = JointGroupDefaults.MinCoverage;

    /// <summary>Seed of the sampler.</summary>
    public const int Seed = JointGroupDefaults.Seed;
}
