using IDataView = Microsoft.ML.IDataView;
using System.Collections.Immutable;
using PoseML.Core;
using PoseML.Data.View;

namespace PoseML.Data.Cameras;

/// <summary>A fixed set of calibrated cameras sharing one world frame (Z up, millimetres, floor at
/// Z ≈ 0, as in Human3.6M), and the lazy data-view transforms that film world-frame poses with them.</summary>
public sealed class CameraRig
{
    /// <summary>Creates a rig; at least one camera.</summary>
    /// <exception cref="InvalidOptionException">No cameras.</exception>
    public CameraRig(string name, IEnumerable<Camera> cameras)
    {
        Name = name;
        Cameras = [.. cameras];
        if (Cameras.Length == 0) throw new InvalidOptionException("cameras", $"rig '{name}' needs at least one camera");
        FocusPoint = NearestPointToAxes(Cameras);
    }

    /// <summary>Short identifier, e.g. <c>h36m-S1</c>.</summary>
    public string Name { get; }

    /// <summary>The cameras; a camera's index here is its value in the <c>Camera</c> column.</summary>
    public ImmutableArray<Camera> Cameras { get; }

    /// <summary>Number of cameras.</summary>
    public int Count => Cameras.Length;

    /// <summary>The world point nearest (least squares) to every camera's optical axis: where the rig
    /// looks. For a single camera, the point 4 m along its axis. For Human3.6M S1 it is about
    /// (−59, 320, 412) mm.</summary>
    public (double X, double Y, double Z) FocusPoint { get; }

    /// <summary>The centre of the capture volume on the floor: <see cref="FocusPoint"/> with Z = 0.
    /// Synthetic subjects move around it and <see cref="WorldPlacement"/> centres sequences on it.</summary>
    public (double X, double Y) FloorCentre => (FocusPoint.X, FocusPoint.Y);

    /// <summary>Films world-frame poses with camera <paramref name="camera"/>, lazily: the view has the
    /// input's rows and columns with <c>Camera</c> set to <paramref name="camera"/>, the pose column
    /// replaced by the camera-frame pose (mm) and <c>Keypoints2D</c> [J,2] (pixels) and <c>Confidence</c> [J]
    /// added. Any joint count J.</summary>
    /// <exception cref="SchemaMismatchException">No float [J,3] pose column.</exception>
    /// <exception cref="InvalidOptionException">Camera index outside the rig.</exception>
    public IDataView ProjectCamera(IDataView world, int camera, CameraProjectionOptions? options = null)
    {
        options ??= new CameraProjectionOptions();
        if (camera < 0 || camera >= Count)
            throw new InvalidOptionException("camera", $"rig '{Name}' has cameras 0..{Count - 1}, got {camera}");
        var poseType = world.Columns().Require(options.PoseColumn, DataKind.Float32, 2).Type;
        if (poseType.Shape[1] != 3)
            throw new SchemaMismatchException(options.PoseColumn, $"expected float[J,3] world positions, found {poseType}");
        var joints = poseType.Shape[0];
        var cam = Cameras[camera];
        var model = options.Model;
        var poseColumn = options.PoseColumn;
        (string, ColumnType)[] added =
        [
            (PoseColumns.Camera, ColumnType.Int()),
            (poseColumn, ColumnType.Float(joints, 3)),
            (options.KeypointsColumn, ColumnType.Float(joints, 2)),
            (options.ConfidenceColumn, ColumnType.Float(joints)),
        ];
        return new MappedDataView(world, added, batch =>
        {
            var input = batch.GetFloats(poseColumn);
            var points = new float[input.Length];
            var pixels = new float[input.Length / 3 * 2];
            var confidence = new float[input.Length / 3];
            cam.ProjectWorld(input, points, pixels, model);
            for (var i = 0; i < confidence.Length; i++)
                confidence[i] = points[3 * i + 2] > 0 ? 1f : 0f; // NaN compares false: missing joints get 0
            var cameras = new int[batch.RowCount];
            Array.Fill(cameras, camera);
            return [ColumnBuffer.Of(cameras), ColumnBuffer.Of(points), ColumnBuffer.Of(pixels), ColumnBuffer.Of(confidence)];
        });
    }

    /// <summary>Films world-frame poses with every camera, lazily: the rows of
    /// <see cref="ProjectCamera"/> for camera 0, then camera 1, and so on (camera-major).</summary>
    public IDataView Project(IDataView world, CameraProjectionOptions? options = null) =>
        new ConcatDataView([.. Enumerable.Range(0, Count).Select(c => ProjectCamera(world, c, options))]);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Count} cameras)";

    private static (double X, double Y, double Z) NearestPointToAxes(ImmutableArray<Camera> cameras)
    {
        if (cameras.Length == 1)
        {
            var e = cameras[0].Extrinsics;
            var d = e.ViewDirection;
            return (e.PositionX + 4000 * d.X, e.PositionY + 4000 * d.Y, e.PositionZ + 4000 * d.Z);
        }
        // Sum over cameras of (I − d dᵀ) p = Σ (I − d dᵀ) c: the normal equations of the distance to each axis.
        var a = new double[3, 3];
        var b = new double[3];
        foreach (var camera in cameras)
        {
            var e = camera.Extrinsics;
            var d = e.ViewDirection;
            double[] dv = [d.X, d.Y, d.Z];
            double[] c = [e.PositionX, e.PositionY, e.PositionZ];
            for (var i = 0; i < 3; i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    var p = (i == j ? 1 : 0) - dv[i] * dv[j];
                    a[i, j] += p;
                    b[i] += p * c[j];
                }
            }
        }
        var x = Solve3(a, b);
        return x ?? (cameras.Average(c => c.Extrinsics.PositionX), cameras.Average(c => c.Extrinsics.PositionY), 0);
    }

    // Cramer's rule; null when the axes are (nearly) parallel and the point is undefined.
    private static (double X, double Y, double Z)? Solve3(double[,] a, double[] b)
    {
        double Det(double[,] m) =>
            m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1]) - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0]) + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);
        var det = Det(a);
        if (Math.Abs(det) < 1e-9) return null;
        var r = new double[3];
        for (var k = 0; k < 3; k++)
        {
            var m = (double[,])a.Clone();
            for (var i = 0; i < 3; i++) m[i, k] = b[i];
            r[k] = Det(m) / det;
        }
        return (r[0], r[1], r[2]);
    }
}
