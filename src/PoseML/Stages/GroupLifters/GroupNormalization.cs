namespace PoseML.Stages.GroupLifters;

/// <summary>The z-scores of the group lifters: per 2D input dimension ([J·2], over training frames) and per
/// stacked target element ([Σn_g·3], the centred group joints in mm). Scales below 1e-3 of their unit are
/// raised to 1 (a constant dimension carries nothing to scale).</summary>
internal sealed class GroupNormalization
{
    public GroupNormalization(float[] inputMean, float[] inputScale, float[] targetMean, float[] targetScale)
    {
        InputMean = inputMean;
        InputScale = inputScale;
        TargetMean = targetMean;
        TargetScale = targetScale;
    }

    public float[] InputMean { get; }

    public float[] InputScale { get; }

    public float[] TargetMean { get; }

    public float[] TargetScale { get; }

    public static GroupNormalization Fit(GroupLifterData data, GroupLayout layout, int joints)
    {
        var (im, isd) = MeanStd(data.Keypoints, joints * 2, data.Rows);
        var rows = layout.Rows * 3;
        var stacked = new float[data.Rows * rows];
        for (var r = 0; r < data.Rows; r++) layout.CentredTargets(data.Poses.AsSpan(r * joints * 3, joints * 3), stacked.AsSpan(r * rows, rows));
        var (tm, tsd) = MeanStd(stacked, rows, data.Rows);
        return new GroupNormalization(im, isd, tm, tsd);
    }

    private static (float[] Mean, float[] Scale) MeanStd(float[] values, int width, int rows)
    {
        var mean = new double[width];
        var sq = new double[width];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < width; i++) mean[i] += values[r * width + i];
        }
        for (var i = 0; i < width; i++) mean[i] /= rows;
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < width; i++)
            {
                var d = values[r * width + i] - mean[i];
                sq[i] += d * d;
            }
        }
        var scale = new float[width];
        for (var i = 0; i < width; i++)
        {
            var sd = Math.Sqrt(sq[i] / rows);
            scale[i] = sd < 1e-3 ? 1f : (float)sd;
        }
        return (mean.Select(m => (float)m).ToArray(), scale);
    }

    public void NormalizeInput(ReadOnlySpan<float> keypoints, Span<float> normalized)
    {
        for (var i = 0; i < keypoints.Length; i++) normalized[i] = (keypoints[i] - InputMean[i]) / InputScale[i];
    }

    /// <summary>De-normalises network outputs [batch, outputs] to stacked estimates in metres [batch, rows, 3].</summary>
    public void ToMetres(GroupLayout layout, ReadOnlySpan<float> output, Span<float> metres) => ToUnits(layout, output, metres, 1e-3f);

    /// <summary>De-normalises network outputs [batch, outputs] to stacked estimates in mm [batch, rows, 3].</summary>
    public void ToMillimetres(GroupLayout layout, ReadOnlySpan<float> output, Span<float> mm) => ToUnits(layout, output, mm, 1f);

    private void ToUnits(GroupLayout layout, ReadOnlySpan<float> output, Span<float> result, float unit)
    {
        var outputs = layout.NetworkOutputs;
        var batch = output.Length / outputs;
        for (var b = 0; b < batch; b++)
        {
            var o = output.Slice(b * outputs, outputs);
            var s = result.Slice(b * layout.Rows * 3, layout.Rows * 3);
            for (var row = 0; row < layout.Rows; row++)
            {
                var src = layout.RowOutput[row];
                for (var c = 0; c < 3; c++)
                {
                    var e = 3 * row + c;
                    s[e] = (o[src + c] * TargetScale[e] + TargetMean[e]) * unit;
                }
            }
        }
    }

    /// <summary>Maps the gradient with respect to estimates in metres back to the network outputs (padding gets 0).</summary>
    public void GradientToNetwork(GroupLayout layout, ReadOnlySpan<float> gradMetres, Span<float> gradOutput)
    {
        gradOutput.Clear();
        var outputs = layout.NetworkOutputs;
        var batch = gradOutput.Length / outputs;
        for (var b = 0; b < batch; b++)
        {
            var g = gradMetres.Slice(b * layout.Rows * 3, layout.Rows * 3);
            var o = gradOutput.Slice(b * outputs, outputs);
            for (var row = 0; row < layout.Rows; row++)
            {
                var dst = layout.RowOutput[row];
                for (var c = 0; c < 3; c++)
                {
                    var e = 3 * row + c;
                    o[dst + c] = g[e] * TargetScale[e] * 1e-3f;
                }
            }
        }
    }
}
