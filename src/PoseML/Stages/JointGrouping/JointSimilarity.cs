using PoseML.Core;

namespace PoseML.Stages.JointGrouping;

/// <summary>The joint-trajectory similarity of Deep Pose Consensus Networks Eq. 1,
/// <c>s_ii' = Σ_k ‖X_ik − X_i'k‖²</c> over a sequence of 3D poses (small = the joints move together).</summary>
public static class JointSimilarity
{
    /// <summary>Computes <c>s</c> as an n×n row-major matrix from <paramref name="poses"/> laid out
    /// [frames, n, 3], then divides it by its largest entry so it lies in [0, 1]. The paper leaves the
    /// scale of λ open; normalising makes λ independent of the pose units (mm or m) and of the sequence
    /// length. A sequence where every joint coincides in every frame gives all zeros.</summary>
    /// <exception cref="InvalidOptionException">The span is not a whole number of [n, 3] frames, or holds a non-finite value.</exception>
    public static double[] ComputeNormalized(ReadOnlySpan<float> poses, int jointCount)
    {
        var s = Compute(poses, jointCount);
        var max = 0.0;
        foreach (var v in s) max = Math.Max(max, v);
        if (max > 0) for (var i = 0; i < s.Length; i++) s[i] /= max;
        return s;
    }

    /// <summary>Computes the raw Eq. 1 similarity (units²) as an n×n row-major matrix.</summary>
    /// <exception cref="InvalidOptionException">The span is not a whole number of [n, 3] frames, or holds a non-finite value.</exception>
    public static double[] Compute(ReadOnlySpan<float> poses, int jointCount)
    {
        if (jointCount < 1) throw new InvalidOptionException("joints", $"must be at least 1, found {jointCount}");
        if (poses.Length == 0 || poses.Length % (jointCount * 3) != 0)
            throw new InvalidOptionException("poses", $"expected [frames, {jointCount}, 3] floats, found {poses.Length} values");
        var frames = poses.Length / (jointCount * 3);
        var s = new double[jointCount * jointCount];
        for (var f = 0; f < frames; f++)
        {
            var p = poses.Slice(f * jointCount * 3, jointCount * 3);
            for (var i = 0; i < jointCount; i++)
            {
                for (var k = i + 1; k < jointCount; k++)
                {
                    double dx = p[3 * i] - p[3 * k], dy = p[3 * i + 1] - p[3 * k + 1], dz = p[3 * i + 2] - p[3 * k + 2];
                    s[i * jointCount + k] += dx * dx + dy * dy + dz * dz;
                }
            }
        }
        for (var i = 0; i < jointCount; i++)
        {
            for (var k = i + 1; k < jointCount; k++)
            {
                if (!double.IsFinite(s[i * jointCount + k]))
                    throw new InvalidOptionException("poses", $"joint pair ({i}, {k}) has a non-finite coordinate or distance");
                s[k * jointCount + i] = s[i * jointCount + k];
            }
        }
        return s;
    }
}
