using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;

namespace PoseML.Pipeline;

/// <summary>2D keypoint rows joined with their 3D poses on (Subject, Action, Camera, Frame): the
/// <see cref="PoseColumns.Keypoints2D"/> view's columns plus <see cref="PoseColumns.Pose3D"/>. The 3D
/// side is held in memory (51 floats a row for 17 joints); the 2D side streams. Created by
/// <c>mlContext.Data.LoadJoinedPoseCsv</c>.</summary>
public sealed class JoinedPoseDataView : BatchDataView
{
    private static readonly string[] KeyColumns = [PoseColumns.Subject, PoseColumns.Action, PoseColumns.Camera, PoseColumns.Frame];
    private readonly IDataView _keypoints;
    private readonly Dictionary<(string, string, int, int), int> _rowOf;
    private readonly float[] _poses;
    private readonly ColumnType _poseType;
    private readonly bool _dropUnmatched;

    internal JoinedPoseDataView(IDataView keypoints2d, IDataView poses3d, bool dropUnmatched)
    {
        CheckKeys(keypoints2d.Columns());
        CheckKeys(poses3d.Columns());
        keypoints2d.Columns().Require(PoseColumns.Keypoints2D, DataKind.Float32, 2);
        _poseType = poses3d.Columns().Require(PoseColumns.Pose3D, DataKind.Float32, 2).Type;
        if (_poseType.Shape[1] != 3)
            throw new SchemaMismatchException(PoseColumns.Pose3D, $"expected float[J,3], found {_poseType}");
        _keypoints = keypoints2d;
        _dropUnmatched = dropUnmatched;
        Columns = keypoints2d.Columns().With((PoseColumns.Pose3D, _poseType));
        _rowOf = [];
        var poses = new List<float>();
        var size = _poseType.ElementCount;
        foreach (var b in poses3d.GetBatches(DataViews.DefaultBatchSize, [.. KeyColumns, PoseColumns.Pose3D]))
        {
            var s = b.GetTexts(PoseColumns.Subject);
            var a = b.GetTexts(PoseColumns.Action);
            var c = b.GetInts(PoseColumns.Camera);
            var f = b.GetInts(PoseColumns.Frame);
            var p = b.GetFloats(PoseColumns.Pose3D);
            for (var r = 0; r < b.RowCount; r++)
            {
                var key = (s[r], a[r], c[r], f[r]);
                if (!_rowOf.TryAdd(key, _rowOf.Count))
                    throw new DataFormatException(Describe(poses3d), $"duplicate 3D pose for {KeyText(key)}; the join key must be unique", b.StartRow + r + 1, PoseColumns.Pose3D);
                for (var i = 0; i < size; i++) poses.Add(p[r * size + i]);
            }
        }
        _poses = poses.ToArray();
    }

    /// <summary>Opens pose-table CSVs, concatenates the 2D ones and the 3D ones (told apart by their headers) and
    /// joins them, checking <paramref name="cancellationToken"/> per batch (<c>mlContext.Data.LoadJoinedPoseCsv</c>).</summary>
    /// <exception cref="InvalidOptionException">No 2D or no 3D table among <paramref name="paths"/>.</exception>
    internal static JoinedPoseDataView FromCsv(IEnumerable<string> paths, bool dropUnmatched, CancellationToken cancellationToken)
    {
        var tables = paths.Select(p => Data.Formats.PoseCsv.Read(p)).ToArray();
        var twoD = tables.Where(t => t.Layout.Dimensions == 2).Cast<IDataView>().ToArray();
        var threeD = tables.Where(t => t.Layout.Dimensions == 3).Cast<IDataView>().ToArray();
        if (twoD.Length == 0 || threeD.Length == 0)
            throw new InvalidOptionException("data", $"expected at least one 2D (…_u,…_v) and one 3D (…_x,…_y,…_z) pose table, got {twoD.Length} 2D and {threeD.Length} 3D among {string.Join(", ", tables.Select(t => t.Path))}");
        var k = twoD.Length == 1 ? twoD[0] : twoD[0].Concat(twoD[1..]);
        var p3 = threeD.Length == 1 ? threeD[0] : threeD[0].Concat(threeD[1..]);
        return new JoinedPoseDataView(k.WithCancellation(cancellationToken), p3.WithCancellation(cancellationToken), dropUnmatched);
    }

    /// <inheritdoc />
    public override BatchSchema Columns { get; }

    /// <inheritdoc />
    public override long? RowCount => _dropUnmatched ? null : _keypoints.RowCount();

    /// <summary>Number of 3D poses available to the join.</summary>
    public int PoseCount => _rowOf.Count;

    /// <inheritdoc />
    public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns)
    {
        var wanted = columns is null ? null : columns.Where(c => c != PoseColumns.Pose3D).Concat(KeyColumns).Distinct().ToArray();
        var size = _poseType.ElementCount;
        long emitted = 0;
        foreach (var batch in _keypoints.GetBatches(batchSize, wanted))
        {
            var s = batch.GetTexts(PoseColumns.Subject);
            var a = batch.GetTexts(PoseColumns.Action);
            var c = batch.GetInts(PoseColumns.Camera);
            var f = batch.GetInts(PoseColumns.Frame);
            var keep = new List<int>(batch.RowCount);
            var matched = new List<int>(batch.RowCount);
            for (var r = 0; r < batch.RowCount; r++)
            {
                var key = (s[r], a[r], c[r], f[r]);
                if (_rowOf.TryGetValue(key, out var row))
                {
                    keep.Add(r);
                    matched.Add(row);
                }
                else if (!_dropUnmatched)
                {
                    throw new DataFormatException(Describe(_keypoints), $"no 3D pose for {KeyText(key)} (join on subject, action, camera, frame; pass dropUnmatched: true to skip such rows)", batch.StartRow + r + 1, PoseColumns.Pose3D);
                }
            }
            if (keep.Count == 0) continue;
            var poses = new float[matched.Count * size];
            for (var i = 0; i < matched.Count; i++) Array.Copy(_poses, matched[i] * size, poses, i * size, size);
            var rows = keep.Count == batch.RowCount ? batch.Renumber(emitted) : batch.SelectRows(keep.ToArray(), emitted);
            emitted += rows.RowCount;
            yield return rows.With((PoseColumns.Pose3D, _poseType, ColumnBuffer.Of(poses)));
        }
    }

    private static void CheckKeys(BatchSchema schema)
    {
        schema.Require(PoseColumns.Subject, ColumnType.Text);
        schema.Require(PoseColumns.Action, ColumnType.Text);
        schema.Require(PoseColumns.Camera, ColumnType.Int());
        schema.Require(PoseColumns.Frame, ColumnType.Int());
    }

    private static string KeyText((string Subject, string Action, int Camera, int Frame) k) =>
        $"subject '{k.Subject}', action '{k.Action}', camera {(k.Camera == PoseColumns.NoCamera ? "none" : k.Camera)}, frame {k.Frame}";

    private static string Describe(IDataView view) => view is Data.Formats.PoseCsvDataView csv ? csv.Path : "data view";
}
