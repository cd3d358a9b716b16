using IDataView = Microsoft.ML.IDataView;
using PoseML.Data.Cameras;
using PoseML.Data.View;

namespace PoseML.Data.Synthetic;

/// <summary>Generated synthetic motion: world-frame 3D poses held in memory, and lazy per-camera
/// views (camera-frame 3D, pixel 2D) through the rig. World frame: Z up, millimetres, floor at Z = 0,
/// as Human3.6M and <see cref="H36MCameras"/>. Skeleton: <see cref="PoseML.Data.Skeletons.Human36M17"/>.</summary>
public sealed class SyntheticDataset
{
    internal SyntheticDataset(SyntheticMotionOptions options, CameraRig rig, IReadOnlyList<BodyProportions> bodies,
        IReadOnlyList<SyntheticTake> takes, InMemoryDataView world)
    {
        Options = options;
        Rig = rig;
        Bodies = bodies;
        Takes = takes;
        World = world;
    }

    /// <summary>The options it was generated with.</summary>
    public SyntheticMotionOptions Options { get; }

    /// <summary>The cameras.</summary>
    public CameraRig Rig { get; }

    /// <summary>Each subject's body, in subject order.</summary>
    public IReadOnlyList<BodyProportions> Bodies { get; }

    /// <summary>The takes, in row order (subject, then action, then take).</summary>
    public IReadOnlyList<SyntheticTake> Takes { get; }

    /// <summary>World-frame poses: <c>Subject</c>, <c>Action</c> (text), <c>Camera</c> (int, −1),
    /// <c>Frame</c> (int, from 0 per take), <c>Pose3D</c> (float [17,3], mm, world frame, Z up).</summary>
    public InMemoryDataView World { get; }

    /// <summary>All cameras, lazily projected (camera-major: every row of camera 0, then camera 1, …):
    /// <c>Subject</c>, <c>Action</c>, <c>Camera</c> (0..3), <c>Frame</c>, <c>Pose3D</c> (float [17,3], mm,
    /// camera frame), <c>Keypoints2D</c> (float [17,2], pixels), <c>Confidence</c> (float [17], 1).</summary>
    public IDataView Cameras => Rig.Project(World, ProjectionOptions);

    /// <summary>One camera's view, with the columns of <see cref="Cameras"/>.</summary>
    public IDataView Camera(int camera) => Rig.ProjectCamera(World, camera, ProjectionOptions);

    private CameraProjectionOptions ProjectionOptions => new() { Model = Options.Projection };
}
