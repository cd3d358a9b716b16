using PoseML.Data;
using PoseML.Data.View;

namespace PoseML.Evaluation;

/// <summary>What <see cref="PoseEvaluation"/> does with a row of one side that has no row with the
/// same (subject, action, camera, frame) key on the other side.</summary>
public enum UnmatchedRows
{
    /// <summary>Stop with a <see cref="Core.DataFormatException"/> naming the first such row and its key.</summary>
    Error,

    /// <summary>Leave the row out of the evaluation.</summary>
    Ignore,
}

/// <summary>Options of <see cref="PoseEvaluation"/>.</summary>
public sealed record PoseEvaluationOptions
{
    /// <summary>The skeleton of the poses: joint names of <see cref="PoseMetricsReport.PerJoint"/> and the
    /// mirror bones of <see cref="PoseMetricsReport.BoneSymmetry"/>. Null: <see cref="Skeletons.Human36M17"/>
    /// for 17-joint poses; otherwise joints are named <c>joint0</c>, <c>joint1</c>, … and the symmetry
    /// error is not computed.</summary>
    public Skeleton? Skeleton { get; init; }

    /// <summary>When true, predicted joints with a NaN coordinate are left out of every metric (and
    /// counted in <see cref="PoseMetricsReport.MissingJoints"/>); a frame whose predicted root is missing
    /// cannot be root-aligned and is left out entirely. When false (the default), a NaN prediction is an
    /// error naming the row and field. Ground truth must always be complete.</summary>
    public bool SkipMissingJoints { get; init; }

    /// <summary>Predicted rows with no ground truth: an error (default), or ignored (for instance when the
    /// ground truth was restricted to a subset such as the rarest poses).</summary>
    public UnmatchedRows UnmatchedPredictions { get; init; } = UnmatchedRows.Error;

    /// <summary>Ground-truth rows with no prediction: an error (default), or ignored.</summary>
    public UnmatchedRows UnmatchedTruth { get; init; } = UnmatchedRows.Error;

    /// <summary>Name of the predictions in error messages (e.g. a file path). Null: the file of a
    /// pose-table view, otherwise <c>predicted</c>.</summary>
    public string? PredictedSource { get; init; }

    /// <summary>Name of the ground truth in error messages. Null: the file of a pose-table view,
    /// otherwise <c>truth</c>.</summary>
    public string? TruthSource { get; init; }

    /// <summary>Rows read per batch.</summary>
    public int BatchSize { get; init; } = DataViews.DefaultBatchSize;
}
