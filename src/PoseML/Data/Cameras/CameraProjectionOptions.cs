using IDataView = Microsoft.ML.IDataView;
namespace PoseML.Data.Cameras;

/// <summary>Options of <see cref="CameraRig.Project(Microsoft.ML.IDataView, CameraProjectionOptions?)"/>.</summary>
public sealed record CameraProjectionOptions
{
    /// <summary>Lens model used for the 2D keypoints; default <see cref="ProjectionModel.Distorted"/>
    /// (Human3.6M's ground-truth 2D is distorted the same way).</summary>
    public ProjectionModel Model { get; init; } = ProjectionModel.Distorted;

    /// <summary>Input column of world-frame poses, float [J,3], mm; replaced by the camera-frame pose.</summary>
    public string PoseColumn { get; init; } = PoseColumns.Pose3D;

    /// <summary>Output column of pixel keypoints, float [J,2].</summary>
    public string KeypointsColumn { get; init; } = PoseColumns.Keypoints2D;

    /// <summary>Output column of per-joint confidence, float [J]: 1 for a joint in front of the camera, 0 for a
    /// joint behind it or missing (NaN).</summary>
    public string ConfidenceColumn { get; init; } = PoseColumns.Confidence;
}
