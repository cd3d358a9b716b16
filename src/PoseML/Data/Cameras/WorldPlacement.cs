using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.View;

namespace PoseML.Data.Cameras;

/// <summary>Which world axis points up in a pose source.</summary>
public enum UpAxis
{
    /// <summary>Y up (BVH, the CMU sample, most graphics tools): converted by a +90° turn about X,
    /// <c>(x, y, z) → (x, −z, y)</c>, which keeps the frame right-handed.</summary>
    Y,

    /// <summary>Z up (Human3.6M, PoseML's camera rigs): kept as is.</summary>
    Z,
}

/// <summary>Options of <see cref="WorldPlacement.PlaceInRig"/>.</summary>
public sealed record WorldPlacementOptions
{
    /// <summary>The up axis of the input poses; default <see cref="UpAxis.Y"/> (the CMU sample).</summary>
    public UpAxis SourceUp { get; init; } = UpAxis.Y;

    /// <summary>When true (default), each sequence (same Subject and Action) is shifted horizontally so
    /// that the centre of its root's horizontal range (the middle of the bounding box of the root's
    /// path) sits on the rig's <see cref="CameraRig.FloorCentre"/>; heights are kept (the source floor
    /// is assumed at 0). The range centre, unlike the mean, keeps the farthest excursion as small as
    /// possible, so long walks stay in view. When false, only the axes are converted.</summary>
    public bool CenterSequences { get; init; } = true;

    /// <summary>Index of the root joint whose path is centred; default 0 (Hip in Human3.6M-17).</summary>
    public int RootJoint { get; init; }

    /// <summary>The pose column, float [J,3] mm, replaced by the placed pose.</summary>
    public string PoseColumn { get; init; } = PoseColumns.Pose3D;
}

/// <summary>Puts world-frame poses from another source in front of a <see cref="CameraRig"/>: converts
/// the up axis to the rig's Z up and, per sequence, translates the motion horizontally so that the
/// centre of its root's horizontal range is the centre of the capture volume. Per-frame motion (walking paths, turns,
/// heights) is kept: the placement is one rigid translation per sequence.</summary>
public static class WorldPlacement
{
    /// <summary>The placed view, lazy: the first read makes one pass over Subject, Action and the pose
    /// column to find each sequence's root range, later reads reuse it. Rows without Subject or
    /// Action columns form one sequence.</summary>
    /// <exception cref="SchemaMismatchException">No float [J,3] pose column.</exception>
    /// <exception cref="InvalidOptionException">Root joint outside 0..J-1.</exception>
    public static IDataView PlaceInRig(this IDataView world, CameraRig rig, WorldPlacementOptions? options = null)
    {
        options ??= new WorldPlacementOptions();
        var type = world.Columns().Require(options.PoseColumn, DataKind.Float32, 2).Type;
        if (type.Shape[1] != 3) throw new SchemaMismatchException(options.PoseColumn, $"expected float[J,3] positions, found {type}");
        var joints = type.Shape[0];
        var root = options.RootJoint;
        if (root < 0 || root >= joints) throw new InvalidOptionException(nameof(options.RootJoint), $"must be in 0..{joints - 1}, got {root}");
        var poseColumn = options.PoseColumn;
        var up = options.SourceUp;
        var hasSubject = world.Columns().TryGetColumn(PoseColumns.Subject, out var s) && s.Type.Equals(ColumnType.Text);
        var hasAction = world.Columns().TryGetColumn(PoseColumns.Action, out var a) && a.Type.Equals(ColumnType.Text);
        var keyColumns = new List<string> { poseColumn };
        if (hasSubject) keyColumns.Add(PoseColumns.Subject);
        if (hasAction) keyColumns.Add(PoseColumns.Action);
        var centre = rig.FloorCentre;
        var offsets = new Lazy<Dictionary<(string, string), (double X, double Y)>>(() =>
        {
            var boxes = new Dictionary<(string, string), (double MinX, double MaxX, double MinY, double MaxY)>();
            foreach (var batch in world.GetBatches(columns: keyColumns))
            {
                var pose = batch.GetFloats(poseColumn);
                for (var r = 0; r < batch.RowCount; r++)
                {
                    var key = Key(batch, r, hasSubject, hasAction);
                    var (x, y, _) = ToRig(pose, (r * joints + root) * 3, up);
                    if (!double.IsFinite(x) || !double.IsFinite(y)) continue;
                    boxes[key] = boxes.TryGetValue(key, out var b)
                        ? (Math.Min(b.MinX, x), Math.Max(b.MaxX, x), Math.Min(b.MinY, y), Math.Max(b.MaxY, y))
                        : (x, x, y, y);
                }
            }
            return boxes.ToDictionary(p => p.Key, p => (centre.X - (p.Value.MinX + p.Value.MaxX) / 2, centre.Y - (p.Value.MinY + p.Value.MaxY) / 2));
        });
        var center = options.CenterSequences;
        return new MappedDataView(world, [(poseColumn, type)], batch =>
        {
            var pose = batch.GetFloats(poseColumn);
            var placed = new float[pose.Length];
            for (var r = 0; r < batch.RowCount; r++)
            {
                var shift = (X: 0.0, Y: 0.0);
                if (center) offsets.Value.TryGetValue(Key(batch, r, hasSubject, hasAction), out shift);
                for (var j = 0; j < joints; j++)
                {
                    var i = (r * joints + j) * 3;
                    var (x, y, z) = ToRig(pose, i, up);
                    placed[i] = (float)(x + shift.X);
                    placed[i + 1] = (float)(y + shift.Y);
                    placed[i + 2] = (float)z;
                }
            }
            return [ColumnBuffer.Of(placed)];
        });
    }

    private static (string, string) Key(DataBatch batch, int row, bool hasSubject, bool hasAction) =>
        (hasSubject ? batch.GetTexts(PoseColumns.Subject)[row] : "", hasAction ? batch.GetTexts(PoseColumns.Action)[row] : "");

    private static (double X, double Y, double Z) ToRig(ReadOnlySpan<float> pose, int i, UpAxis up) =>
        up == UpAxis.Y ? (pose[i], -pose[i + 2], pose[i + 1]) : (pose[i], pose[i + 1], pose[i + 2]);
}
