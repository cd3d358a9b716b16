using IDataView = Microsoft.ML.IDataView;
using PoseML.Data.View;

namespace PoseML.Data.Formats;

/// <summary>Keys and length of one sequence of a <see cref="PoseSequenceDataView"/>.</summary>
/// <param name="Subject">Subject column value.</param>
/// <param name="Action">Action column value.</param>
/// <param name="Camera">Camera column value (<see cref="PoseColumns.NoCamera"/> for world-frame data).</param>
/// <param name="FrameCount">Number of rows.</param>
public sealed record PoseSequenceInfo(string Subject, string Action, int Camera, int FrameCount);

/// <summary>A data view over pose sequences read from a file (VideoPose3D <c>.npz</c>/<c>.npy</c>, COCO JSON):
/// one row per frame, sequence after sequence, with the canonical columns Subject, Action, Camera, Frame and
/// either Pose3D float[J,3] (mm) or Keypoints2D float[J,2] (pixels) plus Confidence float[J]. Rows are
/// produced batch by batch from the arrays as read (joint selection and unit scaling happen then), so the
/// view holds only the file's own arrays. <see cref="Skeleton"/> and <see cref="PoseColumn"/> say what the
/// pose column holds, e.g. for <see cref="PoseCsv.Write"/>.</summary>
public sealed class PoseSequenceDataView : BatchDataView
{
    private readonly PoseSequence[] _sequences;

    internal PoseSequenceDataView(Skeleton skeleton, int dimensions, IReadOnlyList<PoseSequence> sequences)
    {
        Skeleton = skeleton;
        Dimensions = dimensions;
        _sequences = sequences.ToArray();
        Sequences = _sequences.Select(s => s.Info).ToArray();
        RowCount = Sequences.Sum(s => (long)s.FrameCount);
        var columns = new List<(string, ColumnType)>
        {
            (PoseColumns.Subject, ColumnType.Text), (PoseColumns.Action, ColumnType.Text),
            (PoseColumns.Camera, ColumnType.Int()), (PoseColumns.Frame, ColumnType.Int()),
        };
        if (dimensions == 3) columns.Add((PoseColumns.Pose3D, ColumnType.Float(skeleton.JointCount, 3)));
        else
        {
            columns.Add((PoseColumns.Keypoints2D, ColumnType.Float(skeleton.JointCount, 2)));
            columns.Add((PoseColumns.Confidence, ColumnType.Float(skeleton.JointCount)));
        }
        Columns = new BatchSchema(columns);
    }

    /// <summary>The skeleton of the pose column.</summary>
    public Skeleton Skeleton { get; }

    /// <summary>3 for Pose3D data, 2 for Keypoints2D + Confidence data.</summary>
    public int Dimensions { get; }

    /// <summary><see cref="PoseColumns.Pose3D"/> or <see cref="PoseColumns.Keypoints2D"/>.</summary>
    public string PoseColumn => Dimensions == 3 ? PoseColumns.Pose3D : PoseColumns.Keypoints2D;

    /// <summary>The sequences in row order.</summary>
    public IReadOnlyList<PoseSequenceInfo> Sequences { get; }

    /// <inheritdoc />
    public override BatchSchema Columns { get; }

    /// <inheritdoc />
    public override long? RowCount { get; }

    /// <inheritdoc />
    public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns)
    {
        if (batchSize <= 0) throw new Core.InvalidOptionException("batchSize", $"must be positive, got {batchSize}");
        var schema = columns is null ? Columns : Columns.Select(Columns.Select(c => c.Name).Where(columns.Contains));
        return Iterate(batchSize, schema);
    }

    private IEnumerable<DataBatch> Iterate(int batchSize, BatchSchema schema)
    {
        var joints = Skeleton.JointCount;
        var wantPose = schema.TryGetColumn(PoseColumn, out _);
        var wantConfidence = Dimensions == 2 && schema.TryGetColumn(PoseColumns.Confidence, out _);
        var total = RowCount!.Value;
        long emitted = 0;
        int seq = 0, pos = 0;
        while (emitted < total)
        {
            var rows = (int)Math.Min(batchSize, total - emitted);
            var subjects = new string[rows];
            var actions = new string[rows];
            var cameras = new int[rows];
            var frames = new int[rows];
            var pose = wantPose ? new float[rows * joints * Dimensions] : [];
            var confidence = wantConfidence || (wantPose && Dimensions == 2) ? new float[rows * joints] : [];
            var filled = 0;
            while (filled < rows)
            {
                var s = _sequences[seq];
                var take = Math.Min(rows - filled, s.Info.FrameCount - pos);
                if (take > 0)
                {
                    Array.Fill(subjects, s.Info.Subject, filled, take);
                    Array.Fill(actions, s.Info.Action, filled, take);
                    Array.Fill(cameras, s.Info.Camera, filled, take);
                    for (var i = 0; i < take; i++) frames[filled + i] = s.FrameNumber(pos + i);
                    if (wantPose || wantConfidence)
                    {
                        var poseSpan = wantPose ? pose.AsSpan(filled * joints * Dimensions, take * joints * Dimensions) : new float[take * joints * Dimensions];
                        var confSpan = confidence.Length > 0 ? confidence.AsSpan(filled * joints, take * joints) : Span<float>.Empty;
                        s.Fill(pos, take, poseSpan, confSpan);
                    }
                    filled += take;
                    pos += take;
                }
                if (pos >= s.Info.FrameCount)
                {
                    seq++;
                    pos = 0;
                }
            }
            var buffers = new List<ColumnBuffer>();
            foreach (var c in schema)
            {
                buffers.Add(c.Name switch
                {
                    PoseColumns.Subject => ColumnBuffer.Of(subjects),
                    PoseColumns.Action => ColumnBuffer.Of(actions),
                    PoseColumns.Camera => ColumnBuffer.Of(cameras),
                    PoseColumns.Frame => ColumnBuffer.Of(frames),
                    PoseColumns.Confidence => ColumnBuffer.Of(confidence),
                    _ => ColumnBuffer.Of(pose),
                });
            }
            yield return new DataBatch(schema, rows, emitted, buffers);
            emitted += rows;
        }
    }
}
