using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PoseML.Nn.Kernels;

// Register-tile micro-kernels of the packed GEMM. Each computes an MR×NR tile of
// alpha · Apanel · Bpanel over kc steps, one fused multiply-add per element per step in k order, and
// writes C = alpha·acc (beta = 0, C not read) or C = fma(beta, C, alpha·acc). Because every kernel
// (including the scalar one) rounds each element identically, results do not depend on which kernel
// or how many threads computed them. Tile shapes were chosen by measurement (see GemmBlocking).

/// <summary>AVX2+FMA 6×16 tile: 12 ymm accumulators, two B vectors and one broadcast per k step.</summary>
internal readonly unsafe struct Avx2Kernel6x16 : IGemmMicroKernel
{
    /// <inheritdoc />
    public static int MR => 6;
    /// <inheritdoc />
    public static int NR => 16;
    /// <inheritdoc />
    public static bool IsSupported => Fma.IsSupported && Avx.IsSupported;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        Vector256<float> c00 = default, c01 = default;
        Vector256<float> c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default;
        Vector256<float> c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadAlignedVector256(b);
            var b1 = Avx.LoadAlignedVector256(b + 8);
            var x = Vector256.Create(a[0]); c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a[1]); c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a[2]); c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a[3]); c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Vector256.Create(a[4]); c40 = Fma.MultiplyAdd(x, b0, c40); c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Vector256.Create(a[5]); c50 = Fma.MultiplyAdd(x, b0, c50); c51 = Fma.MultiplyAdd(x, b1, c51);
            a += 6;
            b += 16;
        }
        var va = Vector256.Create(alpha);
        if (beta == 0f)
        {
            Avx.Store(c + 0 * ldc, c00 * va); Avx.Store(c + 0 * ldc + 8, c01 * va);
            Avx.Store(c + 1 * ldc, c10 * va); Avx.Store(c + 1 * ldc + 8, c11 * va);
            Avx.Store(c + 2 * ldc, c20 * va); Avx.Store(c + 2 * ldc + 8, c21 * va);
            Avx.Store(c + 3 * ldc, c30 * va); Avx.Store(c + 3 * ldc + 8, c31 * va);
            Avx.Store(c + 4 * ldc, c40 * va); Avx.Store(c + 4 * ldc + 8, c41 * va);
            Avx.Store(c + 5 * ldc, c50 * va); Avx.Store(c + 5 * ldc + 8, c51 * va);
        }
        else
        {
            var vb = Vector256.Create(beta);
            { var q = c + 0 * ldc; Avx.Store(q, Fma.MultiplyAdd(vb, Avx.LoadVector256(q), c00 * va)); Avx.Store(q + 8, Fma.MultiplyAdd(vb, Avx.LoadVector256(q + 8), c01 * va)); }
            { var q = c + 1 * ldc; Avx.Store(q, Fma.MultiplyAdd(vb, Avx.LoadVector256(q), c10 * va)); Avx.Store(q + 8, Fma.MultiplyAdd(vb, Avx.LoadVector256(q + 8), c11 * va)); }
            { var q = c + 2 * ldc; Avx.Store(q, Fma.MultiplyAdd(vb, Avx.LoadVector256(q), c20 * va)); Avx.Store(q + 8, Fma.MultiplyAdd(vb, Avx.LoadVector256(q + 8), c21 * va)); }
            { var q = c + 3 * ldc; Avx.Store(q, Fma.MultiplyAdd(vb, Avx.LoadVector256(q), c30 * va)); Avx.Store(q + 8, Fma.MultiplyAdd(vb, Avx.LoadVector256(q + 8), c31 * va)); }
            { var q = c + 4 * ldc; Avx.Store(q, Fma.MultiplyAdd(vb, Avx.LoadVector256(q), c40 * va)); Avx.Store(q + 8, Fma.MultiplyAdd(vb, Avx.LoadVector256(q + 8), c41 * va)); }
            { var q = c + 5 * ldc; Avx.Store(q, Fma.MultiplyAdd(vb, Avx.LoadVector256(q), c50 * va)); Avx.Store(q + 8, Fma.MultiplyAdd(vb, Avx.LoadVector256(q + 8), c51 * va)); }
        }
    }
}
