using IDataView = Microsoft.ML.IDataView;
using PoseML.Data.View;

namespace PoseML.Data.Synthetic;

/// <summary>The synthetic dataset as a catalog entry (register as <c>"synthetic"</c>).</summary>
public static class SyntheticDatasets
{
    /// <summary>The default synthetic dataset, per camera: 6 subjects × 13 actions × 500 frames at
    /// 50 fps through Human3.6M's four cameras (S1 placement), 156,000 rows with <c>Subject</c>,
    /// <c>Action</c>, <c>Camera</c>, <c>Frame</c>, <c>Pose3D</c> (camera frame, mm), <c>Keypoints2D</c> (pixels),
    /// <c>Confidence</c>. World poses are held in memory (about 8 MB); the camera columns are computed
    /// lazily while the view is read (call <c>Cache()</c> to keep them).</summary>
    public static IDataView Default(int seed = 0) => SyntheticMotion.Generate(new SyntheticMotionOptions { Seed = seed }).Cameras;

    /// <summary>The same data in the world frame (Z up, mm), one row per frame, <c>Camera</c> = −1.</summary>
    public static IDataView DefaultWorld(int seed = 0) => SyntheticMotion.Generate(new SyntheticMotionOptions { Seed = seed }).World;
}
