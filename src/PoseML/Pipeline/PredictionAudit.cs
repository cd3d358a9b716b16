using System.Globalization;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Stages.PoseConsensus;
using IDataView = Microsoft.ML.IDataView;

namespace PoseML.Pipeline;

/// <summary>A model's predictions, passed through while checked and counted as they are read: joints the consensus
/// flags as placed by no group (legitimate; counted in <see cref="MissingJoints"/>) and other non-finite
/// coordinates (counted in <see cref="NonFiniteJoints"/>); a frame whose predicted pose has no finite coordinate
/// at all is an error naming the model, the row and its keys (a broken model), never an empty row.</summary>
/// <param name="inner">The scored view, with a PredictedPose3D float[J,3] column (and MissingJoints, if any).</param>
/// <param name="joints">J.</param>
/// <param name="modelPath">The model file, for errors.</param>
/// <param name="inputPath">The input file, for errors.</param>
public sealed class PredictionAudit(IDataView inner, int joints, string modelPath, string inputPath) : BatchDataView
{
    /// <summary>Rows read so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Joints flagged as placed by no joint group.</summary>
    public long MissingJoints { get; private set; }

    /// <summary>Other joints with a non-finite coordinate.</summary>
    public long NonFiniteJoints { get; private set; }

    /// <summary>Frames with at least one joint without an estimate.</summary>
    public long FramesWithGaps { get; private set; }

    /// <inheritdoc />
    public override BatchSchema Columns => inner.Columns();

    /// <inheritdoc />
    public override long? RowCount => inner.RowCount();

    /// <inheritdoc />
    public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns)
    {
        const string missingColumn = PoseConsensusDefaults.MissingColumnName;
        var missing = inner.Columns().TryGetColumn(missingColumn, out _);
        var wanted = columns is null ? null : new HashSet<string>(columns, StringComparer.Ordinal) { PoseColumns.PredictedPose3D };
        if (wanted is not null && missing) wanted.Add(missingColumn);
        foreach (var batch in inner.GetBatches(batchSize, wanted))
        {
            var poses = batch.GetFloats(PoseColumns.PredictedPose3D);
            var flags = missing ? batch.GetInts(missingColumn) : default;
            for (var r = 0; r < batch.RowCount; r++)
            {
                int flagged = 0, nonFinite = 0;
                for (var j = 0; j < joints; j++)
                {
                    if (missing && flags[r * joints + j] != 0) { flagged++; continue; }
                    var p = poses.Slice((r * joints + j) * 3, 3);
                    if (!float.IsFinite(p[0]) || !float.IsFinite(p[1]) || !float.IsFinite(p[2])) nonFinite++;
                }
                if (flagged + nonFinite == joints)
                    throw new DataFormatException(modelPath, string.Create(CultureInfo.InvariantCulture,
                        $"predicted no finite coordinate for row {batch.StartRow + r + 1} of {inputPath}{RowKey(batch, r)}; expected a 3D pose — the model's weights or this row's keypoints are not finite numbers"));
                MissingJoints += flagged;
                NonFiniteJoints += nonFinite;
                if (flagged + nonFinite > 0) FramesWithGaps++;
            }
            Rows += batch.RowCount;
            yield return batch;
        }
    }

    private static string RowKey(DataBatch batch, int row)
    {
        var parts = new List<string>();
        foreach (var column in new[] { PoseColumns.Subject, PoseColumns.Action })
            if (batch.Schema.TryGetColumn(column, out var c) && c.Type.Kind == DataKind.Text) parts.Add($"{column.ToLowerInvariant()} {batch.GetTexts(column)[row]}");
        if (batch.Schema.TryGetColumn(PoseColumns.Frame, out var f) && f.Type.Kind == DataKind.Int32) parts.Add($"frame {batch.GetInts(PoseColumns.Frame)[row]}");
        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }
}
