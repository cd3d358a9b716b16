namespace PoseML.Nn.Kernels;

// Register-tile micro-kernels of the packed GEMM. Each computes an MR×NR tile of
// alpha · Apanel · Bpanel over kc steps, one fused multiply-add per element per step in k order, and
// writes C = alpha·acc (beta = 0, C not read) or C = fma(beta, C, alpha·acc). Because every kernel
// (including the scalar one) rounds each element identically, results do not depend on which kernel
// or how many threads computed them. Tile shapes were chosen by measurement (see GemmBlocking).

/// <summary>Portable 4×4 tile on scalar fused multiply-adds: the fallback where no SIMD kernel runs.
/// Rounds exactly like the SIMD kernels (one FMA per element per k step).</summary>
internal readonly unsafe struct ScalarKernel4x4 : IGemmMicroKernel
{
    /// <inheritdoc />
    public static int MR => 4;
    /// <inheritdoc />
    public static int NR => 4;
    /// <inheritdoc />
    public static bool IsSupported => true;
    /// <inheritdoc />
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        var acc = stackalloc float[16];
        for (var t = 0; t < 16; t++) acc[t] = 0f;
        for (var p = 0; p < kc; p++)
        {
            for (var r = 0; r < 4; r++)
            {
                var x = a[r];
                for (var j = 0; j < 4; j++) acc[r * 4 + j] = MathF.FusedMultiplyAdd(x, b[j], acc[r * 4 + j]);
            }
            a += 4;
            b += 4;
        }
        for (var r = 0; r < 4; r++)
        {
            var q = c + r * ldc;
            for (var j = 0; j < 4; j++)
            {
                var v = acc[r * 4 + j] * alpha;
                q[j] = beta == 0f ? v : MathF.FusedMultiplyAdd(beta, q[j], v);
            }
        }
    }
}
