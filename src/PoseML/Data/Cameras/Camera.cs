namespace PoseML.Data.Cameras;

/// <summary>A calibrated camera: an identifier, intrinsics and extrinsics. Immutable.</summary>
/// <param name="Id">Identifier, e.g. Human3.6M's <c>54138969</c>.</param>
/// <param name="Intrinsics">Focal length, principal point, image size, distortion.</param>
/// <param name="Extrinsics">Orientation and position in the world frame.</param>
public sealed record Camera(string Id, CameraIntrinsics Intrinsics, CameraExtrinsics Extrinsics)
{
    /// <summary>Maps N×3 world points to the camera frame (<paramref name="cameraPoints"/>, N×3 mm) and
    /// projects them to pixels (<paramref name="pixels"/>, N×2), allocation-free.</summary>
    /// <exception cref="ArgumentException">Span lengths that are not N×3, N×3 and N×2.</exception>
    public void ProjectWorld(ReadOnlySpan<float> world, Span<float> cameraPoints, Span<float> pixels, ProjectionModel model = ProjectionModel.Distorted)
    {
        Extrinsics.WorldToCamera(world, cameraPoints);
        Intrinsics.Project(cameraPoints, pixels, model);
    }
}
