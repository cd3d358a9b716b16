using PoseML.Core;

namespace PoseML.Stages.DomainConversion;

/// <summary>Per-joint statistics of the soft-argmax bias (soft-argmax minus argmax), in heatmap pixels
/// (Deep Pose Consensus Networks, Appendix A.2).</summary>
/// <param name="Joint">Joint index.</param>
/// <param name="Count">Maps with both coordinates defined.</param>
/// <param name="MeanX">Mean bias along x.</param>
/// <param name="MeanY">Mean bias along y.</param>
/// <param name="MeanNorm">Mean Euclidean norm of the bias.</param>
/// <param name="MedianNorm">Median norm.</param>
/// <param name="MaxNorm">Largest norm.</param>
/// <param name="FractionBelowOnePixel">Fraction of maps whose bias norm is below one heatmap pixel (the paper's observation).</param>
public sealed record JointBias(int Joint, int Count, double MeanX, double MeanY, double MeanNorm, double MedianNorm, double MaxNorm, double FractionBelowOnePixel);

/// <summary>The result of <see cref="SoftArgmaxBias.Analyze"/>: per-joint statistics and every sample (for density plots).</summary>
/// <param name="Joints">One entry per joint.</param>
/// <param name="Samples">Bias (dx, dy) per sample and joint, row-major [samples, joints, 2], heatmap pixels; NaN where undefined.</param>
public sealed record HeatmapBiasReport(IReadOnlyList<JointBias> Joints, float[] Samples);

/// <summary>Measures how far the differentiable soft-argmax lands from the argmax peak over a set of heatmaps
/// (Appendix A.2: for a Gaussian heatmap far from the border the two agree; real outputs, and maps truncated by the
/// border, pull the soft-argmax towards the mass of the map, e.g. towards the centre for a peak near an edge).</summary>
public static class SoftArgmaxBias
{
    /// <summary>Soft-argmax minus argmax for every map of <paramref name="heatmaps"/> ([samples, joints, H, W]), in heatmap
    /// pixels, summarised per joint.</summary>
    public static HeatmapBiasReport Analyze(ReadOnlySpan<float> heatmaps, int joints, int height, int width,
        HeatmapNormalization normalization = HeatmapNormalization.Sum, float beta = 1)
    {
        if (joints <= 0) throw new InvalidOptionException(nameof(joints), $"must be positive, got {joints}");
        var size = (long)height * width;
        if (height <= 0 || width <= 0 || heatmaps.Length % (size * joints) != 0)
            throw new InvalidOptionException("heatmaps", $"{heatmaps.Length} values is not a whole number of samples of {joints} maps of {height}×{width}");
        var maps = (int)(heatmaps.Length / size);
        var soft = new float[maps * 2];
        var hard = new float[maps * 2];
        SoftArgmax.Forward(heatmaps, height, width, soft, normalization, beta);
        HeatmapArgmax.Forward(heatmaps, height, width, hard);
        var samples = new float[maps * 2];
        for (var i = 0; i < samples.Length; i++) samples[i] = soft[i] - hard[i];
        var result = new JointBias[joints];
        var count = maps / joints;
        for (var j = 0; j < joints; j++)
        {
            var norms = new List<double>(count);
            double sumX = 0, sumY = 0;
            for (var s = 0; s < count; s++)
            {
                var dx = samples[(s * joints + j) * 2];
                var dy = samples[(s * joints + j) * 2 + 1];
                if (float.IsNaN(dx) || float.IsNaN(dy)) continue;
                sumX += dx;
                sumY += dy;
                norms.Add(Math.Sqrt((double)dx * dx + (double)dy * dy));
            }
            norms.Sort();
            var n = norms.Count;
            result[j] = n == 0
                ? new JointBias(j, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
                : new JointBias(j, n, sumX / n, sumY / n, norms.Average(),
                    n % 2 == 1 ? norms[n / 2] : (norms[n / 2 - 1] + norms[n / 2]) / 2, norms[^1], norms.Count(v => v < 1) / (double)n);
        }
        return new HeatmapBiasReport(result, samples);
    }
}
