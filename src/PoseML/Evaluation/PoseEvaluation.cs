using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.View;

namespace PoseML.Evaluation;

/// <summary>Evaluates predicted 3D poses against ground truth held in data views and returns the
/// <see cref="PoseMetricsReport"/>: every metric of <see cref="PoseMetrics"/> in one streaming pass over
/// batches, per joint and per action (frame-weighted), plus the velocity error over consecutive frames
/// of each (subject, action, camera) sequence.</summary>
/// <remarks>
/// Ground truth must be complete (no NaN or infinity): a bad value is a <see cref="DataFormatException"/>
/// naming the source, row and field. A NaN prediction is the same error unless
/// <see cref="PoseEvaluationOptions.SkipMissingJoints"/> is set; an infinite one always is.
/// </remarks>
public static class PoseEvaluation
{
    private const string KeyField = "subject,action,camera,frame";

    /// <summary>Evaluates a view of predictions against a view of ground truth, both with
    /// <see cref="PoseColumns.Pose3D"/> float[J,3] (mm) and the key columns Subject, Action (text),
    /// Camera and Frame (int). Rows are matched on (subject, action, camera, frame): when both views
    /// list the same keys in the same order they stream side by side in batches; otherwise the ground
    /// truth is indexed by key (held in memory once) and the predictions stream past it. Each key may
    /// appear once per side. Unmatched rows are an error naming the first one, its key and its source,
    /// unless <see cref="PoseEvaluationOptions.UnmatchedPredictions"/> /
    /// <see cref="PoseEvaluationOptions.UnmatchedTruth"/> say to ignore them.</summary>
    /// <exception cref="SchemaMismatchException">A view lacks a key column or the pose column, or the
    /// joint counts differ.</exception>
    /// <exception cref="DataFormatException">Unmatched or repeated keys, or non-finite coordinates.</exception>
    public static PoseMetricsReport Evaluate(IDataView predicted, IDataView truth, PoseEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        options ??= new PoseEvaluationOptions();
        DataViews.CheckBatchSize(options.BatchSize);
        var predictedSource = options.PredictedSource ?? (predicted is PoseCsvDataView p ? p.Path : "predicted");
        var truthSource = options.TruthSource ?? (truth is PoseCsvDataView t ? t.Path : "truth");
        foreach (var (view, source) in new[] { (predicted, predictedSource), (truth, truthSource) })
        {
            RequireKey(view, source, PoseColumns.Subject, ColumnType.Text);
            RequireKey(view, source, PoseColumns.Action, ColumnType.Text);
            RequireKey(view, source, PoseColumns.Camera, ColumnType.Int());
            RequireKey(view, source, PoseColumns.Frame, ColumnType.Int());
        }
        var joints = PoseJoints(predicted.Columns(), PoseColumns.Pose3D, predictedSource);
        var truthJoints = PoseJoints(truth.Columns(), PoseColumns.Pose3D, truthSource);
        if (truthJoints != joints)
            throw new SchemaMismatchException(PoseColumns.Pose3D, $"{predictedSource} has {joints} joints per pose, {truthSource} has {truthJoints}");
        var skeleton = ResolveSkeleton(options.Skeleton, joints);
        var context = new Context(joints, skeleton, options, predictedSource, truthSource);
        return TryInLockstep(predicted, truth, context) ?? ByKey(predicted, truth, context);
    }

    /// <summary>Evaluates one view that holds both the predictions and the ground truth, as a pipeline's
    /// output does: <paramref name="predictedColumn"/> and <paramref name="truthColumn"/> are float[J,3]
    /// (mm). Rows are read in one streaming pass; Action (text) groups the per-action table when present;
    /// Subject, Action, Camera and Frame, when present, define the sequences of the velocity error (which
    /// needs Frame). <see cref="PoseEvaluationOptions.UnmatchedPredictions"/> and
    /// <see cref="PoseEvaluationOptions.UnmatchedTruth"/> do not apply.</summary>
    /// <exception cref="SchemaMismatchException">A column is missing, not float[J,3], or the joint counts differ.</exception>
    /// <exception cref="DataFormatException">Non-finite coordinates.</exception>
    public static PoseMetricsReport Evaluate(IDataView scored, string predictedColumn, string truthColumn, PoseEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scored);
        options ??= new PoseEvaluationOptions();
        DataViews.CheckBatchSize(options.BatchSize);
        var source = options.PredictedSource ?? (scored is PoseCsvDataView v ? v.Path : "scored");
        var joints = PoseJoints(scored.Columns(), predictedColumn, source);
        var truthJoints = PoseJoints(scored.Columns(), truthColumn, source);
        if (truthJoints != joints)
            throw new SchemaMismatchException(truthColumn, $"has {truthJoints} joints per pose, {predictedColumn} has {joints}");
        var skeleton = ResolveSkeleton(options.Skeleton, joints);
        var context = new Context(joints, skeleton, options, options.PredictedSource ?? source, options.TruthSource ?? source);
        using var rows = new PoseRowCursor(scored, predictedColumn, joints, options.BatchSize, truthColumn);
        while (rows.MoveNext()) context.Add(rows, rows.SecondPose, rows.Row, rows.HasFrame);
        return context.Report();
    }

    /// <summary>Streams both views side by side while their keys agree row by row; null (nothing
    /// reported) as soon as they do not, so the caller falls back to matching by key.</summary>
    private static PoseMetricsReport? TryInLockstep(IDataView predicted, IDataView truth, Context context)
    {
        var seen = new HashSet<PoseKey>();
        using var p = new PoseRowCursor(predicted, PoseColumns.Pose3D, context.Joints, context.Options.BatchSize);
        using var t = new PoseRowCursor(truth, PoseColumns.Pose3D, context.Joints, context.Options.BatchSize);
        while (true)
        {
            var hasP = p.MoveNext();
            var hasT = t.MoveNext();
            if (!hasP && !hasT) return context.Report();
            if (hasP != hasT || p.Key != t.Key || !seen.Add(p.Key))
            {
                context.Reset();
                return null;
            }
            context.Add(p, t.Pose, t.Row, hasFrame: true);
        }
    }

    /// <summary>Indexes the ground truth by key, then streams the predictions past it.</summary>
    private static PoseMetricsReport ByKey(IDataView predicted, IDataView truth, Context context)
    {
        var rowSize = context.Joints * 3;
        var index = new Dictionary<PoseKey, int>();
        var poses = new List<float>();
        using (var t = new PoseRowCursor(truth, PoseColumns.Pose3D, context.Joints, context.Options.BatchSize))
        {
            while (t.MoveNext())
            {
                if (!index.TryAdd(t.Key, (int)t.Row))
                    throw new DataFormatException(context.TruthSource, $"row {t.Row + 1} repeats the key ({t.Key}) of row {index[t.Key] + 1}; each key may appear once", field: KeyField);
                poses.AddRange(t.Pose);
            }
        }
        var truthPoses = poses.ToArray();
        poses = null;
        var matched = new bool[index.Count];
        using (var p = new PoseRowCursor(predicted, PoseColumns.Pose3D, context.Joints, context.Options.BatchSize))
        {
            while (p.MoveNext())
            {
                if (!index.TryGetValue(p.Key, out var row))
                {
                    if (context.Options.UnmatchedPredictions == UnmatchedRows.Ignore) continue;
                    throw new DataFormatException(context.PredictedSource,
                        $"row {p.Row + 1} ({p.Key}) has no ground-truth row in {context.TruthSource} (to leave such rows out: UnmatchedPredictions = Ignore, CLI --ignore-unmatched)", field: KeyField);
                }
                if (matched[row])
                    throw new DataFormatException(context.PredictedSource, $"row {p.Row + 1} repeats the key ({p.Key}) of an earlier prediction; each key may appear once", field: KeyField);
                matched[row] = true;
                context.Add(p, truthPoses.AsSpan(row * rowSize, rowSize), row, hasFrame: true);
            }
        }
        if (context.Options.UnmatchedTruth == UnmatchedRows.Error)
        {
            var missing = Array.IndexOf(matched, false);
            if (missing >= 0)
            {
                var key = index.First(kv => kv.Value == missing).Key;
                throw new DataFormatException(context.TruthSource,
                    $"row {missing + 1} ({key}) has no prediction in {context.PredictedSource} (to evaluate only the predicted rows: UnmatchedTruth = Ignore, CLI --ignore-unmatched)", field: KeyField);
            }
        }
        return context.Report();
    }

    private static void RequireKey(IDataView view, string source, string column, ColumnType type)
    {
        if (!PoseRowCursor.Has(view.Columns(), column, type))
            throw new SchemaMismatchException(column, $"{source} needs a {type} column '{column}' to match predictions to ground truth; it has {view.Columns().Describe()}");
    }

    private static int PoseJoints(BatchSchema schema, string column, string source)
    {
        if (!schema.TryGetColumn(column, out var c))
            throw new SchemaMismatchException(column, $"not found in {source}; it has {schema.Describe()}");
        var type = c.Type;
        if (type.Kind != DataKind.Float32 || type.Shape.Length != 2 || type.Shape[1] != 3)
            throw new SchemaMismatchException(column, $"expected a 3D pose float[J,3] (mm) in {source}, found {type}");
        return type.Shape[0];
    }

    private static Skeleton? ResolveSkeleton(Skeleton? skeleton, int joints)
    {
        if (skeleton is null) return joints == Skeletons.Human36M17.JointCount ? Skeletons.Human36M17 : null;
        if (skeleton.JointCount != joints)
            throw new SchemaMismatchException(PoseColumns.Pose3D, $"poses have {joints} joints, the skeleton {skeleton.Name} has {skeleton.JointCount}");
        return skeleton;
    }

    /// <summary>Per-evaluation state: checks each matched row and feeds the accumulator.</summary>
    private sealed class Context(int joints, Skeleton? skeleton, PoseEvaluationOptions options, string predictedSource, string truthSource)
    {
        private MetricsAccumulator _accumulator = new(joints, skeleton, options.SkipMissingJoints);

        public int Joints => joints;
        public PoseEvaluationOptions Options => options;
        public string PredictedSource => predictedSource;
        public string TruthSource => truthSource;

        public void Reset() => _accumulator = new MetricsAccumulator(joints, skeleton, options.SkipMissingJoints);

        public void Add(PoseRowCursor predicted, ReadOnlySpan<float> truth, long truthRow, bool hasFrame)
        {
            var p = predicted.Pose;
            var bad = PoseMetrics.IndexOfNonFinite(truth);
            if (bad >= 0)
                throw new DataFormatException(truthSource, $"row {truthRow + 1}: coordinate is {truth[bad]}; ground truth must be complete and finite", field: Field(bad));
            bad = PoseMetrics.IndexOfNonFinite(p);
            if (bad >= 0 && !(options.SkipMissingJoints && NoInfinity(p)))
            {
                var hint = float.IsNaN(p[bad]) ? " (to leave missing joints out: SkipMissingJoints, CLI --skip-missing)" : "";
                throw new DataFormatException(predictedSource, $"row {predicted.Row + 1}: coordinate is {p[bad]}; predictions must be finite{hint}", field: Field(bad));
            }
            _accumulator.Add(p, truth, predicted.Key, hasFrame);
        }

        public PoseMetricsReport Report() =>
            _accumulator.ToReport(skeleton is null ? Enumerable.Range(0, joints).Select(j => $"joint{j}").ToArray() : skeleton.JointNames);

        private string Field(int index)
        {
            var joint = index / 3;
            var name = skeleton is null ? $"joint{joint}" : skeleton.JointNames[joint];
            return $"{name}_{"xyz"[index % 3]}";
        }

        private static bool NoInfinity(ReadOnlySpan<float> values)
        {
            foreach (var v in values)
            {
                if (float.IsInfinity(v)) return false;
            }
            return true;
        }
    }
}
