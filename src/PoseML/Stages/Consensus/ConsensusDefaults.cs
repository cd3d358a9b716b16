namespace PoseML.Stages.Consensus;

/// <summary>Defaults of the consensus step (match the perf reference <c>refs/perf/consensus.py</c>).</summary>
public static class ConsensusDefaults
{
    /// <summary>Default objective: the paper's l2,1.</summary>
    public const ConsensusSolverKind Solver = ConsensusSolverKind.L21;

    /// <summary>μ = <c>MuScale</c> / (median row norm of the least-squares residual), per frame.</summary>
    public const double MuScale = 1.0;

    /// <summary>Relative tolerance of the primal and dual residuals.</summary>
    public const double Tolerance = 1e-6;

    /// <summary>Iteration cap per frame.</summary>
    public const int MaxIterations = 20000;

    /// <summary>The stopping rule is evaluated every this many iterations (the reference's batched solver uses 10).</summary>
    public const int CheckEvery = 10;

    /// <summary>Root joint index (Human3.6M: 0, the hip).</summary>
    public const int RootJoint = 0;
}
