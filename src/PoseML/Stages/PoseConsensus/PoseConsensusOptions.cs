using PoseML.Core;
using PoseML.Stages.Consensus;
using PoseML.MLNet;

namespace PoseML.Stages.PoseConsensus;

/// <summary>Options of <see cref="PoseConsensusEstimator"/>.</summary>
public sealed record PoseConsensusOptions
{
    /// <summary>The stacked group estimates float[Σn_g,3].</summary>
    public string InputColumnName { get; init; } = PoseConsensusDefaults.InputColumnName;

    /// <summary>Per-joint confidence float[J], used when the data has it; null ignores confidences.</summary>
    public string? ConfidenceColumnName { get; init; } = PoseConsensusDefaults.ConfidenceColumnName;

    /// <summary>The fused pose float[J,3] (root-relative, mm).</summary>
    public string OutputColumnName { get; init; } = PoseConsensusDefaults.OutputColumnName;

    /// <summary>The missing-joint flags int[J].</summary>
    public string MissingColumnName { get; init; } = PoseConsensusDefaults.MissingColumnName;

    /// <summary>Whether the input column (the group estimates) is removed from the output, as the composite
    /// <c>DeepPoseConsensus</c> does (its size depends on the sampled groups, so it is not part of that stage's schema).</summary>
    public bool DropInputColumn { get; init; }

    /// <summary>Objective: l2,1 (paper), l1 (ablation) or least squares.</summary>
    [Choice(ConsensusSolverKind.L21, ConsensusSolverKind.L1, ConsensusSolverKind.LeastSquares)]
    public ConsensusSolverKind Solver { get; init; } = PoseConsensusDefaults.Solver;

    /// <summary>Fixed ADMM penalty μ (1/mm); null chooses it per frame from the least-squares residual.</summary>
    public double? Mu { get; init; }

    /// <summary>Relative ADMM tolerance.</summary>
    [Range(1e-8, 1e-3, log: true)]
    public double Tolerance { get; init; } = PoseConsensusDefaults.Tolerance;

    /// <summary>ADMM iteration cap per frame.</summary>
    [Range(10, 20000, log: true)]
    public int MaxIterations { get; init; } = PoseConsensusDefaults.MaxIterations;

    /// <summary>Root joint (pinned at the origin).</summary>
    public int RootJoint { get; init; } = ConsensusDefaults.RootJoint;

    /// <summary>Worker threads per batch (≤ 0: every core). Results do not depend on it.</summary>
    public int MaxThreads { get; init; }

    /// <summary>Checks every option.</summary>
    /// <exception cref="InvalidOptionException">An option is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(InputColumnName)) throw new InvalidOptionException(nameof(InputColumnName), "must name a column");
        if (ConfidenceColumnName is not null && string.IsNullOrWhiteSpace(ConfidenceColumnName)) throw new InvalidOptionException(nameof(ConfidenceColumnName), "must name a column or be null");
        if (string.IsNullOrWhiteSpace(OutputColumnName)) throw new InvalidOptionException(nameof(OutputColumnName), "must name a column");
        if (string.IsNullOrWhiteSpace(MissingColumnName)) throw new InvalidOptionException(nameof(MissingColumnName), "must name a column");
        if (!Enum.IsDefined(Solver)) throw new InvalidOptionException(nameof(Solver), $"unknown solver {(int)Solver}");
        if (Mu is { } mu && !(mu > 0 && double.IsFinite(mu))) throw new InvalidOptionException(nameof(Mu), $"must be finite and > 0, got {mu}");
        if (!(Tolerance > 0 && Tolerance < 1)) throw new InvalidOptionException(nameof(Tolerance), $"must be in (0, 1), got {Tolerance}");
        if (MaxIterations < 1) throw new InvalidOptionException(nameof(MaxIterations), $"must be >= 1, got {MaxIterations}");
        if (RootJoint < 0) throw new InvalidOptionException(nameof(RootJoint), $"must be >= 0, got {RootJoint}");
    }

    /// <summary>The solver settings.</summary>
    internal ConsensusOptions SolverOptions() => new()
    {
        Solver = Solver, Mu = Mu, Tolerance = Tolerance, MaxIterations = MaxIterations, RootJoint = RootJoint, MaxThreads = MaxThreads,
    };
}
