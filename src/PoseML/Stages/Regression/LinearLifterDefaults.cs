using PoseML.Data;

namespace PoseML.Stages.Regression;

/// <summary>Default settings of the linear lifter, shared by its options and catalog method.</summary>
public static class LinearLifterDefaults
{
    /// <summary>The input column: 2D keypoints (normalise them first).</summary>
    public const string InputColumnName = PoseColumns.Keypoints2D;

    /// <summary>The label column: 3D poses.</summary>
    public const string LabelColumnName = PoseColumns.Pose3D;

    /// <summary>The output column: predicted 3D poses.</summary>
    public const string OutputColumnName = PoseColumns.PredictedPose3D;

    /// <summary>Ridge penalty per training row (the objective is mean squared error + L2 · ‖W‖²).</summary>
    public const double L2 = 1e-3;
}
