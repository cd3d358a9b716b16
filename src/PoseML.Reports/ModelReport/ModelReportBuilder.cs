using PoseML.Data.View;
using System.Globalization;
using Microsoft.ML;
using PoseML.Data;
using PoseML.Evaluation;
using PoseML.Pipeline.Evaluation;
using PoseML.Reports.Errors;
using PoseML.Reports.Html;
using PoseML.Reports.SkeletonViews;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.RarePose;

namespace PoseML.Reports.ModelReport;

/// <summary>The report of a 2D→3D model on a test set: the metrics table by protocol and by action, the per-joint
/// errors, the distribution of per-frame errors, the worst and the rarest frames drawn in 3D over their ground truth,
/// the worst frame's sequence as an animation, error against rarity, and the training curve when the model carries it
/// (a fitted chain with group lifters, or <see cref="ModelReportOptions.TrainingHistory"/> read from a saved model with
/// <see cref="TrainingHistoryEntry.Read"/>).</summary>
public static class ModelReportBuilder
{
    /// <summary>Scores <paramref name="test"/> (columns Keypoints2D and Pose3D, plus Subject/Action/Camera/Frame when
    /// known) with <paramref name="model"/> and lays out the page.</summary>
    public static HtmlPage Build(MLContext mlContext, ITransformer model, IDataView test, ModelReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        options ??= new ModelReportOptions();
        if (options.WorstFrames < 0 || options.RarestFrames < 0 || options.SequenceFrames < 0)
            throw new ArgumentOutOfRangeException(nameof(options), "frame counts must be >= 0");

        var scored = model.Transform(test).Cache();
        var frames = new ScoredFrames(scored);
        if (frames.Rows == 0) throw new InvalidOperationException("the test data has no rows");
        var metrics = mlContext.Regression.EvaluatePoses(scored, options: new PoseEvaluationOptions { Skeleton = frames.Skeleton, SkipMissingJoints = true });
        var occurrence = options.RarestFrames > 0 || frames.Rows > 1 ? Occurrence(mlContext, scored, options.RarityMode) : null;

        var page = new HtmlPage(options.Title);
        if (options.ModelName is { } m) page.Paragraph($"model: {m}", "meta");
        if (options.DataName is { } d) page.Paragraph($"test data: {d}", "meta");
        page.Paragraph($"{metrics.Frames:N0} frames of {frames.Subjects.Distinct().Count()} subject(s), {metrics.PerAction.Count} action(s), {frames.JointCount} joints", "meta");
        page.Cards(
        [
            ("MPJPE (P1)", F(metrics.Mpjpe), "mm"),
            ("PA-MPJPE (P2)", F(metrics.PaMpjpe), "mm"),
            ("N-MPJPE", F(metrics.NMpjpe), "mm"),
            ("PCK@150mm", F(metrics.Pck150), "%"),
            ("AUC 0–150mm", F(metrics.Auc), "%"),
        ]);

        page.Heading("Metrics by protocol");
        var protocolRows = new List<IReadOnlyList<string>>
        {
            new[] { "Protocol 1: MPJPE (root-aligned)", F(metrics.Mpjpe), "mm" },
            new[] { "Protocol 2: PA-MPJPE (Procrustes-aligned)", F(metrics.PaMpjpe), "mm" },
            new[] { "N-MPJPE (scale-aligned)", F(metrics.NMpjpe), "mm" },
            new[] { "PCK at 150 mm", F(metrics.Pck150), "%" },
            new[] { "AUC of PCK, 0–150 mm", F(metrics.Auc), "%" },
        };
        if (metrics.Mpjve is { } v) protocolRows.Add(new[] { "MPJVE (velocity error)", F(v), "mm/frame" });
        if (metrics.BoneSymmetry is { } s) protocolRows.Add(new[] { "left/right bone-length asymmetry", F(s), "mm" });
        if (metrics.MissingJoints > 0) protocolRows.Add(new[] { "predicted joints missing (skipped)", metrics.MissingJoints.ToString(CultureInfo.InvariantCulture), "joints" });
        page.Table(["metric", "value", "unit"], protocolRows);

        page.Heading("Metrics by action");
        page.Table(["action", "frames", "MPJPE (mm)", "PA-MPJPE (mm)"],
            metrics.PerAction.OrderByDescending(a => a.Value.Mpjpe).Select(a => (IReadOnlyList<string>)[a.Key, a.Value.Frames.ToString(CultureInfo.InvariantCulture), F(a.Value.Mpjpe), F(a.Value.PaMpjpe)]),
            "hardest first");
        if (metrics.PerAction.Count > 1) page.Chart(ErrorCharts.PerAction(metrics.PerAction));

        page.Heading("Errors per joint and per frame");
        page.Chart(ErrorCharts.PerJoint(metrics.PerJoint));
        page.Chart(ErrorCharts.Distribution(frames.Errors.Where(double.IsFinite).ToArray()));

        var byError = Enumerable.Range(0, frames.Rows).Where(r => double.IsFinite(frames.Errors[r])).OrderByDescending(r => frames.Errors[r]).ToArray();
        if (options.WorstFrames > 0 && byError.Length > 0)
        {
            page.Heading("Worst frames");
            page.Paragraph("The frames with the largest Protocol-1 error, one per sequence: the prediction (blue left side, red right side) over the ground truth (green/grey). Drag to rotate, scroll to zoom; hover a joint for its error.", "note");
            page.Grid(OnePerSequence(byError, frames, options.WorstFrames)
                .Select(r => (SkeletonView.Compare(frames.PredictedPose(r), frames.TruePose(r), frames.Skeleton, $"MPJPE {F(frames.Errors[r])} mm"), frames.Describe(r))));
        }

        if (occurrence is not null && options.RarestFrames > 0)
        {
            var rarest = Enumerable.Range(0, frames.Rows).Where(r => double.IsFinite(occurrence[r]) && double.IsFinite(frames.Errors[r])).OrderBy(r => occurrence[r]).ToArray();
            page.Heading("Rarest poses");
            page.Paragraph("The ground-truth poses that occur least often in the test set (SRNet's occurrence score, lowest first), with the model's prediction.", "note");
            page.Grid(OnePerSequence(rarest, frames, options.RarestFrames)
                .Select(r => (SkeletonView.Compare(frames.PredictedPose(r), frames.TruePose(r), frames.Skeleton, $"occurrence {occurrence[r].ToString("G3", CultureInfo.InvariantCulture)}, MPJPE {F(frames.Errors[r])} mm"), frames.Describe(r))));
            page.Chart(ErrorCharts.ErrorVsRarity(occurrence, frames.Errors));
        }

        if (options.SequenceFrames > 0 && byError.Length > 0)
        {
            var worst = byError[0];
            var sequence = frames.SequenceOf(worst);
            var at = Array.IndexOf(sequence, worst);
            var start = Math.Clamp(at - options.SequenceFrames / 2, 0, Math.Max(0, sequence.Length - options.SequenceFrames));
            var window = sequence[start..Math.Min(sequence.Length, start + options.SequenceFrames)];
            page.Heading("The worst frame's sequence");
            page.Paragraph("Move the slider to step through the frames around the worst one; the view keeps the angle you rotated it to.", "note");
            page.Chart(SkeletonView.Sequence(Gather(frames.Predicted, window, frames.JointCount), frames.Skeleton, Gather(frames.Truth, window, frames.JointCount),
                window.Select(r => frames.Frames[r].ToString(CultureInfo.InvariantCulture)).ToArray(), $"{frames.Subjects[worst]} · {frames.Actions[worst]}"));
        }

        page.Heading("Training");
        var history = TrainingHistoryEntry.Of(model) is { Count: > 0 } carried ? carried : options.TrainingHistory ?? [];
        if (history.Count > 0)
            page.Chart(ErrorCharts.TrainingCurve(history.Select(h => (h.Epoch, h.LiftingLoss + h.AggregationLoss, h.ValidationMpjpe)).ToArray()));
        else
            page.Paragraph("The model carries no training history (no group lifters, or a model saved without PoseML's history entry).", "note");
        return page;
    }

    private static double[] Occurrence(MLContext ml, IDataView scored, OccurrenceMode mode)
    {
        var scores = ml.Transforms.ScoreOccurrence(mode: mode).Fit(scored).Transform(scored);
        return scores.ReadFloats(RarePoseDefaults.OutputColumnName).Select(v => (double)v).ToArray();
    }

    private static IEnumerable<int> OnePerSequence(int[] ordered, ScoredFrames frames, int count)
    {
        var seen = new HashSet<(string, string, int)>();
        var taken = 0;
        foreach (var r in ordered)
        {
            if (taken == count) yield break;
            if (!seen.Add((frames.Subjects[r], frames.Actions[r], frames.Cameras[r]))) continue;
            taken++;
            yield return r;
        }
    }

    private static float[] Gather(float[] poses, int[] rows, int joints)
    {
        var n = joints * 3;
        var result = new float[rows.Length * n];
        for (var i = 0; i < rows.Length; i++) poses.AsSpan(rows[i] * n, n).CopyTo(result.AsSpan(i * n));
        return result;
    }

    private static string F(double value) => double.IsFinite(value) ? value.ToString("0.0", CultureInfo.InvariantCulture) : "–";
}
