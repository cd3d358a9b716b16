using IDataView = Microsoft.ML.IDataView;
using PoseML.Data.Formats;
using PoseML.Data.View;

namespace PoseML.Data.Cameras;

/// <summary>Writes what a rig sees of world-frame poses as pose-table CSVs, one pair per camera:
/// <c>poses3d_cam{c}.csv</c> (camera-frame 3D, mm) and <c>keypoints2d_cam{c}.csv</c> (pixels with
/// confidence), the layout of <c>poseml data synth</c> and <c>poseml data project</c>.</summary>
public static class CameraTables
{
    /// <summary>File name of camera <paramref name="camera"/>'s 3D table.</summary>
    public static string Poses3DFile(int camera) => $"poses3d_cam{camera}.csv";

    /// <summary>File name of camera <paramref name="camera"/>'s 2D table.</summary>
    public static string Keypoints2DFile(int camera) => $"keypoints2d_cam{camera}.csv";

    /// <summary>Projects <paramref name="world"/> (rig world frame, Z up, mm) through every camera of
    /// <paramref name="rig"/> and writes the tables into <paramref name="directory"/> (created if
    /// needed), each atomically. Returns the paths written, camera by camera.</summary>
    public static IReadOnlyList<string> Write(IDataView world, CameraRig rig, string directory, Skeleton skeleton, CameraProjectionOptions? options = null)
    {
        options ??= new CameraProjectionOptions();
        var written = new List<string>();
        for (var c = 0; c < rig.Count; c++)
        {
            var view = rig.ProjectCamera(world, c, options).Cache();
            var poses = Path.Combine(directory, Poses3DFile(c));
            PoseCsv.Write(view, poses, skeleton, options.PoseColumn);
            var keypoints = Path.Combine(directory, Keypoints2DFile(c));
            PoseCsv.Write(view, keypoints, skeleton, options.KeypointsColumn, options.ConfidenceColumn);
            written.Add(poses);
            written.Add(keypoints);
        }
        return written;
    }
}
