namespace PoseML.Evaluation;

/// <summary>Errors of one action in a <see cref="PoseMetricsReport"/> (frame-weighted).</summary>
public sealed record ActionMetrics(int Frames, double Mpjpe, double PaMpjpe);

/// <summary>The standard metrics table of a set of predicted 3D poses against ground truth
/// (millimetres): MPJPE (Protocol 1), PA-MPJPE (Protocol 2), N-MPJPE, PCK at 150 mm and its AUC over
/// thresholds 0, 5, …, 150 mm, per joint and per action. See <see cref="PoseMetrics"/> for the protocols.</summary>
public sealed record PoseMetricsReport
{
    /// <summary>Number of frames evaluated.</summary>
    public required int Frames { get; init; }

    /// <summary>Protocol 1: root-aligned mean per-joint position error (mm).</summary>
    public required double Mpjpe { get; init; }

    /// <summary>Protocol 2: error after similarity Procrustes alignment, reflections excluded (mm).</summary>
    public required double PaMpjpe { get; init; }

    /// <summary>Error after the optimal per-frame scale of the root-aligned prediction (mm).</summary>
    public required double NMpjpe { get; init; }

    /// <summary>Percentage of non-root joints with error strictly below 150 mm after root alignment.</summary>
    public required double Pck150 { get; init; }

    /// <summary>Area under the PCK curve over thresholds 0, 5, …, 150 mm (percentage).</summary>
    public required double Auc { get; init; }

    /// <summary>Protocol-1 error per joint name (mm).</summary>
    public required IReadOnlyDictionary<string, double> PerJoint { get; init; }

    /// <summary>Metrics per action name, frame-weighted.</summary>
    public required IReadOnlyDictionary<string, ActionMetrics> PerAction { get; init; }

    /// <summary>Mean per-joint velocity error of root-aligned poses (mm per frame) over pairs of rows of
    /// the same (subject, action, camera) sequence with consecutive frame numbers; null when there is
    /// no such pair.</summary>
    public double? Mpjve { get; init; }

    /// <summary>Left/right bone-length symmetry error of the predictions (mm); null when the skeleton is
    /// unknown or has no mirror bones.</summary>
    public double? BoneSymmetry { get; init; }

    /// <summary>Predicted joints left out because they were missing (NaN), with
    /// <see cref="PoseEvaluationOptions.SkipMissingJoints"/>.</summary>
    public long MissingJoints { get; init; }
}
