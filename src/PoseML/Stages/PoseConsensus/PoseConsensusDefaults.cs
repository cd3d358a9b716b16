using PoseML.Data;
using PoseML.Stages.Consensus;
using PoseML.Stages.GroupLifters;

namespace PoseML.Stages.PoseConsensus;

/// <summary>Default settings of the consensus stage, shared by its options and catalog method.</summary>
public static class PoseConsensusDefaults
{
    /// <summary>The input column: stacked centred group estimates float[Σn_g,3] (from the group lifters).</summary>
    public const string InputColumnName = GroupLifterDefaults.OutputColumnName;

    /// <summary>The optional per-joint confidence column float[J]; joints with confidence 0 leave their groups' rows.</summary>
    public const string ConfidenceColumnName = PoseColumns.Confidence;

    /// <summary>The output column: the fused pose float[J,3], root-relative mm (NaN for joints no group places).</summary>
    public const string OutputColumnName = PoseColumns.PredictedPose3D;

    /// <summary>The output flag column int[J]: 1 where the joint could not be placed.</summary>
    public const string MissingColumnName = "MissingJoints";

    /// <summary>The paper's l2,1 objective.</summary>
    public const ConsensusSolverKind Solver = ConsensusDefaults.Solver;

    /// <summary>Relative ADMM tolerance.</summary>
    public const double Tolerance = ConsensusDefaults.Tolerance;

    /// <summary>ADMM iteration cap per frame.</summary>
    public const int MaxIterations = ConsensusDefaults.MaxIterations;
}
