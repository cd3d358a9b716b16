using Microsoft.ML.Data;
using PoseML.MLNet;

namespace PoseML.Tests.MLNet;

/// <summary>One frame in: 17 keypoints and their confidences, typed for ML.NET's PredictionEngine.</summary>
internal sealed class FrameRow
{
    public float[] Keypoints2D { get; set; } = [];

    public float[] Confidence { get; set; } = [];

    /// <summary>The columns as PoseML stages expect them: float[17,2] and float[17].</summary>
    public static SchemaDefinition Definition()
    {
        var d = SchemaDefinition.Create(typeof(FrameRow));
        d[nameof(Keypoints2D)].ColumnType = PoseColumnTypes.Keypoints2D(17);
        d[nameof(Confidence)].ColumnType = PoseColumnTypes.PerJoint(17);
        return d;
    }
}

/// <summary>One predicted pose out.</summary>
internal sealed class PoseRow
{
    public float[] PredictedPose3D { get; set; } = [];
}
