namespace PoseML.Data;

/// <summary>Canonical column names of PoseML data views (DESIGN.md §4). Stage options default to these.</summary>
public static class PoseColumns
{
    /// <summary>Subject identifier, text (e.g. <c>S1</c>, <c>CMU01</c>).</summary>
    public const string Subject = "Subject";

    /// <summary>Action name, text (e.g. <c>Walk 01</c>).</summary>
    public const string Action = "Action";

    /// <summary>Camera index, int; <see cref="NoCamera"/> for world-frame data.</summary>
    public const string Camera = "Camera";

    /// <summary>Frame number within the sequence, int.</summary>
    public const string Frame = "Frame";

    /// <summary>3D pose, float [J,3], millimetres (camera frame unless stated).</summary>
    public const string Pose3D = "Pose3D";

    /// <summary>A lifter's predicted 3D pose, float [J,3], millimetres (the default output column of lifting
    /// stages, scored against <see cref="Pose3D"/>).</summary>
    public const string PredictedPose3D = "PredictedPose3D";

    /// <summary>2D keypoints, float [J,2], pixels.</summary>
    public const string Keypoints2D = "Keypoints2D";

    /// <summary>Per-joint detection confidence, float [J], in [0, 1]; 0 marks a missing joint.</summary>
    public const string Confidence = "Confidence";

    /// <summary>Per-joint heatmaps, float [J,H,W].</summary>
    public const string Heatmaps = "Heatmaps";

    /// <summary>Image, float [3,H,W].</summary>
    public const string Image = "Image";

    /// <summary>Camera value for rows that have no camera (world-frame poses).</summary>
    public const int NoCamera = -1;
}
