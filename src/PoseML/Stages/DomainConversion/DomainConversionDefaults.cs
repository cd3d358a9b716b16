using PoseML.Data;

namespace PoseML.Stages.DomainConversion;

/// <summary>Default settings of the domain conversion (heatmaps → 2D keypoints), shared by its options and catalog method.</summary>
public static class DomainConversionDefaults
{
    /// <summary>The heatmap column read, float[J,H,W].</summary>
    public const string InputColumnName = PoseColumns.Heatmaps;

    /// <summary>The keypoint column written, float[J,2] (image pixels).</summary>
    public const string OutputColumnName = PoseColumns.Keypoints2D;

    /// <summary>The confidence column written, float[J]: each map's peak value clamped to [0, 1] (0 for a missing joint).</summary>
    public const string ConfidenceColumnName = PoseColumns.Confidence;

    /// <summary>Soft-argmax, the paper's differentiable layer.</summary>
    public const DomainConversionMethod Method = DomainConversionMethod.SoftArgmax;

    /// <summary>The paper's normalisation: divide by the map's sum.</summary>
    public const HeatmapNormalization Normalization = HeatmapNormalization.Sum;

    /// <summary>Softmax inverse temperature (PyTorch integral-regression default).</summary>
    public const float Beta = 1;
}
