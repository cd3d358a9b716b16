using IDataView = Microsoft.ML.IDataView;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Evaluation;

namespace PoseML.Stages.RarePose;

/// <summary>The rarest poses of a ground-truth set: which rows, their occurrence, and the subset as a lazy view.</summary>
/// <param name="Rows">The selected rows of the ground truth, in their original order (lazy).</param>
/// <param name="RowIndices">Their indices in the ground truth, ascending.</param>
/// <param name="Occurrence">The occurrence of every ground-truth row (not only the selected ones).</param>
/// <param name="TotalRows">Number of ground-truth rows scored.</param>
/// <param name="ErrorBound">The scorer's worst-case error on each occurrence (0 in exact mode).</param>
public sealed record RarePoseSubset(IDataView Rows, int[] RowIndices, float[] Occurrence, long TotalRows, double ErrorBound);

/// <summary>Options of the Rare Pose Protocol.</summary>
public sealed record RarePoseProtocolOptions
{
    /// <summary>R: the percentage of ground-truth poses kept, those with the lowest occurrence (the paper reports 10 and 20).
    /// The count is <c>ceil(R·N/100)</c> (see <see cref="RarePoseSelection.RarestCount"/>).</summary>
    public double Percent { get; init; } = RarePoseDefaults.RarePercent;

    /// <summary>The reference set O the occurrence is measured in; null (the paper's choice): the test set itself.
    /// Pass the training set to rank test poses by how rare they were in training.</summary>
    public IDataView? Reference { get; init; }

    /// <summary>Scorer options (mode, σ, root joint, pose column read from both the ground truth and the reference).</summary>
    public RarePoseOptions Scoring { get; init; } = new();

    /// <summary>Options of the metrics; <see cref="PoseEvaluationOptions.UnmatchedPredictions"/> is always set to
    /// <see cref="UnmatchedRows.Ignore"/>, since predictions of the poses left out have no ground truth to match.</summary>
    public PoseEvaluationOptions Evaluation { get; init; } = new();
}

/// <summary>The Rare Pose Protocol of SRNet (§4.2): evaluate only on the R % of test poses with the lowest occurrence
/// <c>OCC_O</c> (Eq. 9–10), measured against the test set itself (as in the paper) or the training set.</summary>
public static class RarePoseProtocol
{
    /// <summary>Scores the ground truth's poses (column <see cref="RarePoseOptions.InputColumnName"/>) and selects the
    /// rarest <paramref name="percent"/> %.</summary>
    public static RarePoseSubset SelectRarest(IDataView truth, double percent, IDataView? reference = null, RarePoseOptions? scoring = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        RarePoseSelection.CheckPercent(percent);
        scoring ??= new RarePoseOptions();
        var column = scoring.InputColumnName;
        var joints = OccurrenceScorer.RequirePoseColumn(truth.Columns(), column);
        var poses = truth.ReadFloats(column);
        OccurrenceScorer scorer;
        if (reference is null) scorer = OccurrenceScorer.Fit(poses, joints, scoring);
        else
        {
            var referenceJoints = OccurrenceScorer.RequirePoseColumn(reference.Columns(), column);
            if (referenceJoints != joints)
                throw new Core.SchemaMismatchException(column, $"reference poses have {referenceJoints} joints, the ground truth {joints}");
            scorer = OccurrenceScorer.Fit(reference, scoring);
        }
        var occurrence = scorer.Score(poses);
        var rows = RarePoseSelection.RarestRows(occurrence, percent);
        var mask = new bool[occurrence.Length];
        foreach (var r in rows) mask[r] = true;
        var view = truth.Filter([column], (batch, r) => mask[batch.StartRow + r]);
        return new RarePoseSubset(view, rows, occurrence, occurrence.Length, scorer.ErrorBound);
    }

    /// <summary>The metrics of <paramref name="predicted"/> on the rarest poses of <paramref name="truth"/>, rows matched
    /// on (subject, action, camera, frame) as in <see cref="PoseEvaluation.Evaluate(IDataView, IDataView, PoseEvaluationOptions?)"/>.</summary>
    public static PoseMetricsReport Evaluate(IDataView predicted, IDataView truth, RarePoseProtocolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        options ??= new RarePoseProtocolOptions();
        var subset = SelectRarest(truth, options.Percent, options.Reference, options.Scoring);
        return PoseEvaluation.Evaluate(predicted, subset.Rows, options.Evaluation with { UnmatchedPredictions = UnmatchedRows.Ignore });
    }

    /// <summary>The metrics of a scored view (predictions and ground truth side by side) on its rarest ground-truth poses.</summary>
    public static PoseMetricsReport Evaluate(IDataView scored, string predictedColumn, string truthColumn = PoseColumns.Pose3D, RarePoseProtocolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scored);
        options ??= new RarePoseProtocolOptions();
        var subset = SelectRarest(scored, options.Percent, options.Reference, options.Scoring with { InputColumnName = truthColumn });
        return PoseEvaluation.Evaluate(subset.Rows, predictedColumn, truthColumn, options.Evaluation);
    }
}
