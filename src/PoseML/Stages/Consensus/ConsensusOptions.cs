namespace PoseML.Stages.Consensus;

/// <summary>Options of <see cref="ConsensusSolver"/>.</summary>
public sealed record ConsensusOptions
{
    /// <summary>Objective and method: l2,1 ADMM (default), l1 ADMM, or least squares.</summary>
    public ConsensusSolverKind Solver { get; init; } = ConsensusDefaults.Solver;

    /// <summary>Fixed ADMM penalty μ (in 1/pose units), or null (default) for the scale-aware per-frame
    /// choice μ = <see cref="MuScale"/> / median row norm of the least-squares residual.</summary>
    public double? Mu { get; init; }

    /// <summary>Scale of the automatic μ (ignored when <see cref="Mu"/> is set).</summary>
    public double MuScale { get; init; } = ConsensusDefaults.MuScale;

    /// <summary>Stop when ‖r‖ ≤ tol·max(‖AG‖, ‖N‖, ‖F‖) and ‖A'ᵀ(N − N_prev)‖ ≤ tol·‖U‖ (both per frame).</summary>
    public double Tolerance { get; init; } = ConsensusDefaults.Tolerance;

    /// <summary>Iteration cap per frame; frames that reach it are reported as not converged.</summary>
    public int MaxIterations { get; init; } = ConsensusDefaults.MaxIterations;

    /// <summary>Evaluate the stopping rule every this many iterations.</summary>
    public int CheckEvery { get; init; } = ConsensusDefaults.CheckEvery;

    /// <summary>The joint pinned at the origin under <see cref="ConsensusGauge.Root"/>.</summary>
    public int RootJoint { get; init; } = ConsensusDefaults.RootJoint;

    /// <summary>How the output's translation is fixed.</summary>
    public ConsensusGauge Gauge { get; init; } = ConsensusGauge.Root;

    /// <summary>A stacked row is used when its confidence is greater than this (default 0: zero confidence drops the row).</summary>
    public float MinConfidence { get; init; }

    /// <summary>Worker threads for a batch; ≤ 0 uses every core.</summary>
    public int MaxThreads { get; init; }
}
