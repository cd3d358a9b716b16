using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace PoseML.Stages.RarePose;

/// <summary>The definition of one joint's kernel sum, <c>Σ_m exp(−‖q − p_m‖² / 2σ²)</c>, over reference points stored
/// pre-scaled by <c>1/(σ√2)</c> so that each term is <c>exp(−‖q' − p'_m‖²)</c>. Chunked so the temporaries stay in L1.</summary>
internal static class ExactOccurrence
{
    private const int Chunk = 1024;

    /// <summary>The kernel sum (not yet divided by M) of one scaled query point against scaled reference coordinates.</summary>
    public static double KernelSum(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, float qx, float qy, float qz, Span<float> scratch)
    {
        double total = 0;
        for (var start = 0; start < x.Length; start += Chunk)
        {
            var n = Math.Min(Chunk, x.Length - start);
            var d = scratch[..n];
            NegativeSquaredDistance(x.Slice(start, n), y.Slice(start, n), z.Slice(start, n), qx, qy, qz, d);
            TensorPrimitives.Exp(d, d);
            total += TensorPrimitives.Sum<float>(d);
        }
        return total;
    }

    /// <summary><c>d[m] = −((x[m] − qx)² + (y[m] − qy)² + (z[m] − qz)²)</c>.</summary>
    private static void NegativeSquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, float qx, float qy, float qz, Span<float> d)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vx = Vector256.Create(qx);
            var vy = Vector256.Create(qy);
            var vz = Vector256.Create(qz);
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var dx = Vector256.Create(x.Slice(i)) - vx;
                var dy = Vector256.Create(y.Slice(i)) - vy;
                var dz = Vector256.Create(z.Slice(i)) - vz;
                (-(dx * dx + dy * dy + dz * dz)).CopyTo(d.Slice(i));
            }
        }
        for (; i < x.Length; i++)
        {
            var dx = x[i] - qx;
            var dy = y[i] - qy;
            var dz = z[i] - qz;
            d[i] = -(dx * dx + dy * dy + dz * dz);
        }
    }
}
