using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PoseML.Nn.Kernels;

// Register-tile micro-kernels of the packed GEMM. Each computes an MR×NR tile of
// alpha · Apanel · Bpanel over kc steps, one fused multiply-add per element per step in k order, and
// writes C = alpha·acc (beta = 0, C not read) or C = fma(beta, C, alpha·acc). Because every kernel
// (including the scalar one) rounds each element identically, results do not depend on which kernel
// or how many threads computed them. Tile shapes were chosen by measurement (see GemmBlocking).

/// <summary>AVX-512 8×32 tile: 16 zmm accumulators, two B vectors and one broadcast per k step.</summary>
internal readonly unsafe struct Avx512Kernel8x32 : IGemmMicroKernel
{
    /// <inheritdoc />
    public static int MR => 8;
    /// <inheritdoc />
    public static int NR => 32;
    /// <inheritdoc />
    public static bool IsSupported => Avx512F.IsSupported;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Avx512F.LoadAlignedVector512(b);
            var b1 = Avx512F.LoadAlignedVector512(b + 16);
            var x = Vector512.Create(a[0]); c00 = Avx512F.FusedMultiplyAdd(x, b0, c00); c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a[1]); c10 = Avx512F.FusedMultiplyAdd(x, b0, c10); c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a[2]); c20 = Avx512F.FusedMultiplyAdd(x, b0, c20); c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a[3]); c30 = Avx512F.FusedMultiplyAdd(x, b0, c30); c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a[4]); c40 = Avx512F.FusedMultiplyAdd(x, b0, c40); c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a[5]); c50 = Avx512F.FusedMultiplyAdd(x, b0, c50); c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a[6]); c60 = Avx512F.FusedMultiplyAdd(x, b0, c60); c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a[7]); c70 = Avx512F.FusedMultiplyAdd(x, b0, c70); c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
            a += 8;
            b += 32;
        }
        var va = Vector512.Create(alpha);
        if (beta == 0f)
        {
            Avx512F.Store(c + 0 * ldc, c00 * va); Avx512F.Store(c + 0 * ldc + 16, c01 * va);
            Avx512F.Store(c + 1 * ldc, c10 * va); Avx512F.Store(c + 1 * ldc + 16, c11 * va);
            Avx512F.Store(c + 2 * ldc, c20 * va); Avx512F.Store(c + 2 * ldc + 16, c21 * va);
            Avx512F.Store(c + 3 * ldc, c30 * va); Avx512F.Store(c + 3 * ldc + 16, c31 * va);
            Avx512F.Store(c + 4 * ldc, c40 * va); Avx512F.Store(c + 4 * ldc + 16, c41 * va);
            Avx512F.Store(c + 5 * ldc, c50 * va); Avx512F.Store(c + 5 * ldc + 16, c51 * va);
            Avx512F.Store(c + 6 * ldc, c60 * va); Avx512F.Store(c + 6 * ldc + 16, c61 * va);
            Avx512F.Store(c + 7 * ldc, c70 * va); Avx512F.Store(c + 7 * ldc + 16, c71 * va);
        }
        else
        {
            var vb = Vector512.Create(beta);
            { var q = c + 0 * ldc; Avx512F.Store(q, Avx512F.FusedMultiplyAdd(vb, Avx512F.LoadVector512(q), c00 * va)); Avx512F.Store(q + 16, Avx512F.FusedMultiplyAdd(vb, Avx512F.LoadVector512(q + 16), c01 * va)); }
            { var q = c + 1 * ldc; Avx512F.Store(q, Avx512F.FusedMultiplyAdd(vb, Avx512F.LoadVector512(q), c10 * va)); Avx512F.Store(q + 16, Avx512F.FusedMultiplyAdd(vb, Avx512F.LoadVector512(q + 16), c11 * va)); }
            { var q = c + 2 * ldc; Avx512F.Store(q, Avx512F.FusedMultiplyAdd(vb, Avx512F.LoadVector512(q), c20 * va)); Avx512F.Store(q + 16, Avx512F.FusedMultiplyAdd(vb, Avx512F.LoadVector512(q + 16), c21 * va)); }
            { var q = c + 3 * ldc; Avx512F.Store(q, Avx512F.FusedMultiplyAdd(vb, Avx512F.LoadVector512(q), c30 * va)); Avx512F.Store(q + 16, Avx512F.FusedMultiplyAdd(vb, Avx512F.LoadVector512(q + 16), c31 * va)); }
            { var q = c + 4 * ldc; Avx512F.Store(q, Avx512F.FusedMultiplyAdd(vb, Avx512F.LoadVector512(q), c40 * va)); Avx512F.Store(q + 16, Avx512F.FusedMultiplyAdd(vb, Avx512F.LoadVector512(q + 16), c41 * va)); }
            { var q = c + 5 * ldc; Avx512F.Store(q, Avx512F.FusedMultiplyAdd(vb, Avx512F.LoadVector512(q), c50 * va)); Avx512F.Store(q + 16, Avx512F.FusedMultiplyAdd(vb, Avx512F.LoadVector512(q + 16), c51 * va)); }
            { var q = c + 6 * ldc; Avx512F.Store(q, Avx512F.FusedMultiplyAdd(vb, Avx512F.LoadVector512(q), c60 * va)); Avx512F.Store(q + 16, Avx512F.FusedMultiplyAdd(vb, Avx512F.LoadVector512(q + 16), c61 * va)); }
            { var q = c + 7 * ldc; Avx512F.Store(q, Avx512F.FusedMultiplyAdd(vb, Avx512F.LoadVector512(q), c70 * va)); Avx512F.Store(q + 16, Avx512F.FusedMultiplyAdd(vb, Avx512F.LoadVector512(q + 16), c71 * va)); }
        }
    }
}
