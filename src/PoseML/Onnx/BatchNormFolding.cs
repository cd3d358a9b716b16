using PoseML.Nn.Modules;

namespace PoseML.Onnx;

/// <summary>Evaluation-mode BatchNorm as an affine map, and its folding into the preceding linear layer.</summary>
/// <remarks>
/// In evaluation mode <c>BN(z) = (z − μ) / √(σ² + ε) · γ + β = z · s + t</c> per feature o, with
/// <c>s = γ / √(σ² + ε)</c> and <c>t = β − μ · s</c> (μ, σ² the running statistics). After a linear layer
/// <c>z = x · Wᵀ + b</c>, feature o is <c>Σᵢ x_i · W[o,i] · s_o + (b_o · s_o + t_o)</c>, so
/// <c>W'[o,i] = W[o,i] · s_o</c> and <c>b'_o = b_o · s_o + t_o</c> give the same function exactly; only the
/// float32 rounding differs (the products are formed in double and rounded once).
/// </remarks>
internal static class BatchNormFolding
{
    /// <summary>Per-feature scale s and shift t of <paramref name="norm"/> in evaluation mode.</summary>
    public static (double[] Scale, double[] Shift) Affine(BatchNorm1d norm)
    {
        var c = norm.Features;
        var scale = new double[c];
        var shift = new double[c];
        var mean = norm.RunningMean.Span;
        var variance = norm.RunningVar.Span;
        for (var o = 0; o < c; o++)
        {
            var gamma = norm.Weight is null ? 1.0 : norm.Weight.Value.Span[o];
            var beta = norm.Bias is null ? 0.0 : norm.Bias.Value.Span[o];
            scale[o] = gamma / Math.Sqrt(variance[o] + (double)norm.Eps);
            shift[o] = beta - mean[o] * scale[o];
        }
        return (scale, shift);
    }

    /// <summary>Folds features [<paramref name="featureOffset"/>, + rows) of <paramref name="norm"/> (or nothing when
    /// null) into a row-major [rows, cols] weight and its bias (null: zero), returning new arrays.</summary>
    public static (float[] Weight, float[] Bias) Fold(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int rows, int cols,
        BatchNorm1d? norm, int featureOffset)
    {
        var w = new float[rows * cols];
        var b = new float[rows];
        double[]? scale = null, shift = null;
        if (norm is not null) (scale, shift) = Affine(norm);
        for (var o = 0; o < rows; o++)
        {
            var s = scale is null ? 1.0 : scale[featureOffset + o];
            var t = shift is null ? 0.0 : shift[featureOffset + o];
            for (var i = 0; i < cols; i++) w[o * cols + i] = (float)(weight[o * cols + i] * s);
            b[o] = (float)((bias.IsEmpty ? 0.0 : bias[o]) * s + t);
        }
        return (w, b);
    }
}
