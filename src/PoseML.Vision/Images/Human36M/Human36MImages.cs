using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Cameras;
using PoseML.Data.Formats;
using PoseML.Data.View;
using PoseML.Vision.Images.Decoding;
using PoseML.Vision.Images.Files;
using PoseML.Vision.Images.Rendering;

namespace PoseML.Vision.Images.Human36M;

/// <summary>Human3.6M video frames that users bring, labelled by VideoPose3D's files
/// (<c>mlContext.Data.LoadHuman36MImages</c>). Layout (as the common extraction scripts write it):
/// <code>&lt;root&gt;/&lt;Subject&gt;/Images/&lt;Action&gt;.&lt;CameraId&gt;/frame_&lt;NNNNNN&gt;.jpg</code>
/// e.g. <c>S9/Images/Directions 1.54138969/frame_000001.jpg</c>, where the action is VideoPose3D's action name, the
/// camera id one of <see cref="H36MCameras.Ids"/> (the camera index in the 2D file's per-camera list) and
/// <c>NNNNNN</c> = Frame + 1 (six digits, 1-based). Labels: Keypoints2D from the 2D file's <c>positions_2d</c>
/// (<c>data_2d_h36m_gt.npz</c>; other layouts are mapped to Human3.6M-17), Visibility from its confidence, and, when
/// the 3D file (<c>data_3d_h36m.npz</c>) is given, Pose3D in the camera frame (mm) through
/// <see cref="H36MCameras"/>. Only frames whose image file exists become rows, so a partly extracted set works. The
/// crop is the square around the 2D joints, 1.3 × their bounding box.</summary>
public static class Human36MImages
{
    /// <summary>The lazy view of the frames under <paramref name="root"/> labelled by <paramref name="positions2D"/>
    /// (and <paramref name="positions3D"/> when not null), every <paramref name="frameStride"/>-th frame.</summary>
    /// <exception cref="DataFormatException">Unreadable label files.</exception>
    /// <exception cref="InvalidOptionException">No folder <paramref name="root"/>, a stride below 1, or no frame image found.</exception>
    public static ImageListDataView Load(string root, string positions2D, int size, string? positions3D = null, int frameStride = 1, ImageDecodeOptions? decode = null)
    {
        if (!Directory.Exists(root)) throw new InvalidOptionException("root", $"folder '{root}' not found; expected <root>/<Subject>/Images/<Action>.<CameraId>/frame_NNNNNN.jpg");
        if (frameStride < 1) throw new InvalidOptionException("frameStride", $"must be >= 1, got {frameStride}");
        var labels = VideoPose3D.ReadPositions2D(positions2D);
        var mapping = JointMappings.Find(labels.Skeleton, Skeletons.Human36M17);
        var world = positions3D is null ? null : ReadWorld(positions3D);
        var folders = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);
        var entries = new List<ImageEntry>();
        var joints = labels.Skeleton.JointCount;
        foreach (var batch in labels.GetBatches())
        {
            var keypoints = batch.GetFloats(PoseColumns.Keypoints2D);
            var confidence = batch.GetFloats(PoseColumns.Confidence);
            for (var r = 0; r < batch.RowCount; r++)
            {
                var subject = batch.GetTexts(PoseColumns.Subject)[r];
                var action = batch.GetTexts(PoseColumns.Action)[r];
                var camera = batch.GetInts(PoseColumns.Camera)[r];
                var frame = batch.GetInts(PoseColumns.Frame)[r];
                if (frame % frameStride != 0 || camera < 0 || camera >= H36MCameras.Ids.Length) continue;
                var folder = Path.Combine(root, subject, "Images", $"{action}.{H36MCameras.Ids[camera]}");
                if (!folders.TryGetValue(folder, out var files))
                    folders[folder] = files = Directory.Exists(folder) ? Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).ToHashSet(StringComparer.Ordinal) : null;
                var name = $"frame_{frame + 1:D6}.jpg";
                if (files is null || !files.Contains(name)) continue;
                var (xy, visibility) = ImageLabels.ToHuman36M(mapping, keypoints.Slice(r * joints * 2, joints * 2), confidence.Slice(r * joints, joints));
                var crop = RenderedImageDataView.CropAround(xy, visibility, size, RenderedImageDefaults.Margin);
                entries.Add(new ImageEntry(Path.Combine(folder, name), crop, xy, visibility, CameraPose(world, subject, action, camera, frame),
                    subject, action, camera, frame));
            }
        }
        if (entries.Count == 0)
            throw new InvalidOptionException("root", $"no frame image under '{root}' matches the labels of {positions2D}; expected <Subject>/Images/<Action>.<CameraId>/frame_NNNNNN.jpg with NNNNNN = frame + 1");
        return new ImageListDataView(entries, size, decode);
    }

    private static Dictionary<(string, string), float[]> ReadWorld(string path)
    {
        var view = VideoPose3D.ReadPositions3D(path);
        var world = new Dictionary<(string, string), List<float>>();
        foreach (var batch in view.GetBatches())
        {
            var pose = batch.GetFloats(PoseColumns.Pose3D);
            for (var r = 0; r < batch.RowCount; r++)
            {
                var key = (batch.GetTexts(PoseColumns.Subject)[r], batch.GetTexts(PoseColumns.Action)[r]);
                if (!world.TryGetValue(key, out var list)) world[key] = list = [];
                list.AddRange(pose.Slice(r * 51, 51));
            }
        }
        return world.ToDictionary(p => p.Key, p => p.Value.ToArray());
    }

    private static float[]? CameraPose(Dictionary<(string, string), float[]>? world, string subject, string action, int camera, int frame)
    {
        if (world is null || !world.TryGetValue((subject, action), out var poses) || (frame + 1) * 51 > poses.Length) return null;
        if (!H36MCameras.Subjects.Contains(subject)) return null;
        var result = new float[51];
        H36MCameras.Extrinsics(subject, camera).WorldToCamera(poses.AsSpan(frame * 51, 51), result);
        return result;
    }
}
