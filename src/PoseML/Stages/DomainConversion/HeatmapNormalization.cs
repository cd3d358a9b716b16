namespace PoseML.Stages.DomainConversion;

/// <summary>How soft-argmax turns a heatmap into a distribution over pixels before taking the expected coordinate.</summary>
public enum HeatmapNormalization
{
    /// <summary>The paper's domain conversion (Eq. 13): <c>p = h / Σh</c>. For non-negative heatmaps, such as the
    /// sigmoid outputs of the heatmap estimator; a map whose sum is not positive gives NaN (a missing joint).</summary>
    Sum,

    /// <summary>Integral regression: <c>p = softmax(β·h)</c> over the map (any real-valued heatmap, numerically stable).</summary>
    Softmax,
}
