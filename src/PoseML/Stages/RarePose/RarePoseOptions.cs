using PoseML.Core;

namespace PoseML.Stages.RarePose;

/// <summary>Options of the rare-pose scorer (<see cref="OccurrenceScorer"/>): which column, which mode, the
/// per-joint kernel widths σ_i and the fast mode's grid.</summary>
public sealed record RarePoseOptions
{
    /// <summary>The 3D pose column scored, float[J,3] (mm).</summary>
    public string InputColumnName { get; init; } = RarePoseDefaults.InputColumnName;

    /// <summary>The occurrence column added, float scalar.</summary>
    public string OutputColumnName { get; init; } = RarePoseDefaults.OutputColumnName;

    /// <summary>Exact (the definition) or fast (binned grid with a stated error bound).</summary>
    public OccurrenceMode Mode { get; init; } = RarePoseDefaults.Mode;

    /// <summary>Per-joint kernel widths σ_i in mm (one per joint, each finite and &gt; 0). Null (the default):
    /// the per-joint standard deviation of the reference set, <c>σ_i² = (1/3M) Σ_m ‖I_i^m − mean_i‖²</c> on
    /// root-relative poses (the mean of the three per-axis variances). A joint that is constant in the reference
    /// set (the root, once poses are root-relative) then has σ_i = 0 and contributes 1 when the query's joint
    /// equals that constant and 0 otherwise (the limit of the kernel).</summary>
    public float[]? Sigma { get; init; }

    /// <summary>Joint subtracted from every joint of every pose (reference and query) before scoring, so that
    /// poses are compared root-relative as in the paper; -1 scores the coordinates as given.</summary>
    public int RootJoint { get; init; } = RarePoseDefaults.RootJoint;

    /// <summary>Fast mode: grid nodes per σ_i (grid step h_i = σ_i / this). The worst-case error falls as h⁴.</summary>
    public double GridStepsPerSigma { get; init; } = RarePoseDefaults.GridStepsPerSigma;

    /// <summary>Fast mode: kernel cut-off in units of σ_i.</summary>
    public double CutoffSigmas { get; init; } = RarePoseDefaults.CutoffSigmas;

    /// <summary>Fast mode: most grid nodes per joint; a wider reference cloud gets a coarser step (and a larger
    /// <see cref="OccurrenceScorer.ErrorBound"/>) instead of more memory.</summary>
    public int MaximumGridNodesPerJoint { get; init; } = RarePoseDefaults.MaximumGridNodesPerJoint;

    /// <summary>Checks every option that does not depend on the data.</summary>
    /// <exception cref="InvalidOptionException">An option is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(InputColumnName)) throw new InvalidOptionException(nameof(InputColumnName), "must name a column");
        if (string.IsNullOrWhiteSpace(OutputColumnName)) throw new InvalidOptionException(nameof(OutputColumnName), "must name a column");
        if (!Enum.IsDefined(Mode)) throw new InvalidOptionException(nameof(Mode), $"must be Exact or Fast, got {(int)Mode}");
        if (RootJoint < -1) throw new InvalidOptionException(nameof(RootJoint), $"must be a joint index or -1 (no root subtraction), got {RootJoint}");
        if (Sigma is not null)
        {
            for (var i = 0; i < Sigma.Length; i++)
            {
                if (!(Sigma[i] > 0) || !float.IsFinite(Sigma[i]))
                    throw new InvalidOptionException(nameof(Sigma), $"σ of joint {i} must be finite and > 0 mm, got {Sigma[i]}");
            }
        }
        if (!(GridStepsPerSigma >= 1) || !double.IsFinite(GridStepsPerSigma) || GridStepsPerSigma > 64)
            throw new InvalidOptionException(nameof(GridStepsPerSigma), $"must lie in [1, 64], got {GridStepsPerSigma}");
        if (!(CutoffSigmas >= 3) || !double.IsFinite(CutoffSigmas) || CutoffSigmas > 12)
            throw new InvalidOptionException(nameof(CutoffSigmas), $"must lie in [3, 12], got {CutoffSigmas}");
        if (MaximumGridNodesPerJoint < 1 << 12)
            throw new InvalidOptionException(nameof(MaximumGridNodesPerJoint), $"must be at least 4096, got {MaximumGridNodesPerJoint}");
    }
}
