namespace PoseML.Stages.RarePose;

/// <summary>How <see cref="OccurrenceScorer"/> computes <c>OCC_O(J)</c>.</summary>
public enum OccurrenceMode
{
    /// <summary>The definition (Eq. 9–10 of SRNet): every query pose against every reference pose,
    /// O(N·M·J) kernel evaluations. The reference for accuracy; use it on small sets or subsamples.</summary>
    Exact,

    /// <summary>Per-joint 3D Gaussian densities precomputed on a grid (cubic binning, separable blur,
    /// tricubic interpolation): O(M·J) to fit, O(J) per query, with the worst-case absolute error
    /// <see cref="OccurrenceScorer.ErrorBound"/>.</summary>
    Fast,
}
