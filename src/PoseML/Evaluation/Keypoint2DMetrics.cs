namespace PoseML.Evaluation;

/// <summary>Per-joint 2D accuracy of one evaluation: mean pixel error and PCK per joint, and over all joints.</summary>
/// <param name="MeanPixelError">Per joint, the mean Euclidean pixel error over the evaluated samples where the prediction is
/// finite (NaN when there is none).</param>
/// <param name="Pck">Per joint, the fraction of evaluated samples whose error is at most the threshold (NaN when none is evaluated).</param>
/// <param name="Evaluated">Per joint, the number of evaluated samples (labelled, finite truth, positive reference size).</param>
/// <param name="OverallPixelError">Mean pixel error over every evaluated (sample, joint) pair with a finite prediction.</param>
/// <param name="OverallPck">Fraction of every evaluated (sample, joint) pair that is correct.</param>
public sealed record Keypoint2DScores(double[] MeanPixelError, double[] Pck, int[] Evaluated, double OverallPixelError, double OverallPck);

/// <summary>2D keypoint metrics over flat spans: predictions and ground truth <c>[N, J, 2]</c> (pixels), visibility
/// <c>[N, J]</c> (1 labelled, 0 not), per-sample reference sizes <c>[N]</c>.
/// <para><b>Protocol.</b> A (sample, joint) pair is evaluated when its visibility is positive, its ground truth is finite
/// and (for PCK) the sample's reference size is finite and positive. Its error is the Euclidean distance between
/// prediction and truth in pixels. It is correct (PCK) when the error is at most <c>fraction × reference size</c>; a NaN
/// prediction (a joint the model did not place) is evaluated and counted as wrong, and is left out of the mean pixel
/// error. Reference sizes: <b>PCKh</b> uses the head size, here the ground-truth length of the head segment
/// (<see cref="HeadSizes"/>: Human3.6M-17 Neck → Head, which is MPII's upper neck → head top under PoseML's joint
/// mapping); the MPII benchmark instead uses 0.6 × the diagonal of an annotated head box, so PCKh values here are
/// comparable with each other, not with the MPII leaderboard. <b>PCK at torso size</b> uses the torso diameter
/// (<see cref="TorsoSizes"/>: the distance from the left shoulder to the right hip, as in the LSP protocol). Usual
/// thresholds: PCKh@0.5, PCK@0.2 of the torso.</para></summary>
public static class Keypoint2DMetrics
{
    /// <summary>Human3.6M-17 indices used by the default reference sizes: Neck 9, Head 10, LShoulder 11, RHip 1.</summary>
    public const int Neck = 9, Head = 10, LShoulder = 11, RHip = 1;

    /// <summary>Per (sample, joint) Euclidean pixel error into <paramref name="errors"/> <c>[N, J]</c>; NaN where
    /// either point is NaN.</summary>
    /// <exception cref="ArgumentException">Lengths that are not <c>[N, J, 2]</c>, <c>[N, J, 2]</c>, <c>[N, J]</c>.</exception>
    public static void PixelErrors(ReadOnlySpan<float> predicted, ReadOnlySpan<float> truth, Span<float> errors)
    {
        if (predicted.Length != truth.Length || predicted.Length != 2 * errors.Length)
            throw new ArgumentException($"expected predicted and truth of 2×{errors.Length} values, got {predicted.Length} and {truth.Length}");
        for (var i = 0; i < errors.Length; i++)
        {
            var dx = predicted[2 * i] - truth[2 * i];
            var dy = predicted[2 * i + 1] - truth[2 * i + 1];
            errors[i] = MathF.Sqrt(dx * dx + dy * dy);
        }
    }

    /// <summary>Per sample, the distance between ground-truth joints <paramref name="from"/> and <paramref name="to"/>
    /// (default Neck → Head: the head size of PCKh); NaN where either is NaN.</summary>
    public static float[] HeadSizes(ReadOnlySpan<float> truth, int joints, int from = Neck, int to = Head) => Distances(truth, joints, from, to);

    /// <summary>Per sample, the distance between ground-truth joints <paramref name="from"/> and <paramref name="to"/>
    /// (default LShoulder → RHip: the torso diameter); NaN where either is NaN.</summary>
    public static float[] TorsoSizes(ReadOnlySpan<float> truth, int joints, int from = LShoulder, int to = RHip) => Distances(truth, joints, from, to);

    /// <summary>Mean pixel error and PCK at <paramref name="fraction"/> × <paramref name="referenceSizes"/>, per joint and overall
    /// (see the class remarks for the protocol).</summary>
    /// <exception cref="ArgumentException">Inconsistent lengths, fewer than one joint, or a fraction that is not positive.</exception>
    public static Keypoint2DScores Score(ReadOnlySpan<float> predicted, ReadOnlySpan<float> truth, ReadOnlySpan<float> visibility,
        ReadOnlySpan<float> referenceSizes, double fraction, int joints)
    {
        if (joints < 1) throw new ArgumentException($"joints must be >= 1, got {joints}", nameof(joints));
        if (!(fraction > 0) || !double.IsFinite(fraction)) throw new ArgumentException($"fraction must be positive, got {fraction}", nameof(fraction));
        var n = referenceSizes.Length;
        if (visibility.Length != n * joints || truth.Length != n * joints * 2 || predicted.Length != truth.Length)
            throw new ArgumentException($"{n} samples of {joints} joints need predicted and truth of {n * joints * 2} values and visibility of {n * joints}; got {predicted.Length}, {truth.Length}, {visibility.Length}");
        var errorSum = new double[joints];
        var errorCount = new int[joints];
        var correct = new int[joints];
        var evaluated = new int[joints];
        for (var s = 0; s < n; s++)
        {
            var reference = referenceSizes[s];
            var pckValid = float.IsFinite(reference) && reference > 0;
            for (var j = 0; j < joints; j++)
            {
                var i = s * joints + j;
                if (!(visibility[i] > 0) || !float.IsFinite(truth[2 * i]) || !float.IsFinite(truth[2 * i + 1])) continue;
                var dx = (double)predicted[2 * i] - truth[2 * i];
                var dy = (double)predicted[2 * i + 1] - truth[2 * i + 1];
                var error = Math.Sqrt(dx * dx + dy * dy);
                if (double.IsFinite(error))
                {
                    errorSum[j] += error;
                    errorCount[j]++;
                }
                if (!pckValid) continue;
                evaluated[j]++;
                if (error <= fraction * reference) correct[j]++; // NaN compares false: a missing prediction is wrong
            }
        }
        var meanError = new double[joints];
        var pck = new double[joints];
        for (var j = 0; j < joints; j++)
        {
            meanError[j] = errorCount[j] > 0 ? errorSum[j] / errorCount[j] : double.NaN;
            pck[j] = evaluated[j] > 0 ? (double)correct[j] / evaluated[j] : double.NaN;
        }
        var totalErrors = errorCount.Sum();
        var totalEvaluated = evaluated.Sum();
        return new Keypoint2DScores(meanError, pck, evaluated,
            totalErrors > 0 ? errorSum.Sum() / totalErrors : double.NaN,
            totalEvaluated > 0 ? (double)correct.Sum() / totalEvaluated : double.NaN);
    }

    private static float[] Distances(ReadOnlySpan<float> truth, int joints, int from, int to)
    {
        if (joints < 1 || truth.Length % (joints * 2) != 0)
            throw new ArgumentException($"truth must hold [N, {joints}, 2] values, got {truth.Length}", nameof(truth));
        if (from < 0 || from >= joints || to < 0 || to >= joints)
            throw new ArgumentException($"joints {from} and {to} must be in 0..{joints - 1}");
        var n = truth.Length / (joints * 2);
        var sizes = new float[n];
        for (var s = 0; s < n; s++)
        {
            var a = (s * joints + from) * 2;
            var b = (s * joints + to) * 2;
            var dx = truth[a] - truth[b];
            var dy = truth[a + 1] - truth[b + 1];
            sizes[s] = MathF.Sqrt(dx * dx + dy * dy);
        }
        return sizes;
    }
}
