using System.Runtime.CompilerServices;

namespace PoseML.Nn.Kernels;

/// <summary>The single-threaded blocked GEMM over one (sub-)problem, for one micro-kernel: the
/// GotoBLAS/BLIS loop nest with packed A and B blocks (see <see cref="GemmBlocking"/>). Threads run
/// it on disjoint blocks of C; every element is accumulated in the same k order with the same KC
/// blocking whichever block it lands in, so results are bit-identical for any thread count.</summary>
internal static unsafe class GemmDriver<TKernel> where TKernel : IGemmMicroKernel
{
    /// <summary>C[m×n] = alpha·op(A)·op(B) + beta·C with A, B, C already offset to the block; k ≥ 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc)
    {
        var mr = TKernel.MR;
        var nr = TKernel.NR;
        var mcMax = Math.Max(mr, GemmBlocking.MC / mr * mr);
        var kcMax = Math.Min(k, GemmBlocking.KC);
        var ncMax = Math.Min(RoundUp(n, nr), GemmBlocking.NC);
        var mcBlock = Math.Min(RoundUp(m, mr), mcMax);
        var packedA = PackBuffer.A(mcBlock * kcMax);
        var packedB = PackBuffer.B(ncMax * kcMax);
        var edge = PackBuffer.Scratch(mr * nr);

        for (var jc = 0; jc < n; jc += GemmBlocking.NC)
        {
            var nc = Math.Min(GemmBlocking.NC, n - jc);
            for (var pc = 0; pc < k; pc += GemmBlocking.KC)
            {
                var kc = Math.Min(GemmBlocking.KC, k - pc);
                var bBlock = transB ? b + jc * ldb + pc : b + pc * ldb + jc;
                GemmPacking.PackB(nr, transB, bBlock, ldb, kc, nc, packedB);
                var betaBlock = pc == 0 ? beta : 1f;
                for (var ic = 0; ic < m; ic += mcMax)
                {
                    var mc = Math.Min(mcMax, m - ic);
                    var aBlock = transA ? a + pc * lda + ic : a + ic * lda + pc;
                    GemmPacking.PackA(mr, transA, aBlock, lda, mc, kc, packedA);
                    for (var jr = 0; jr < nc; jr += nr)
                    {
                        var cols = Math.Min(nr, nc - jr);
                        var bPanel = packedB + jr * kc;
                        for (var ir = 0; ir < mc; ir += mr)
                        {
                            var rows = Math.Min(mr, mc - ir);
                            var aPanel = packedA + ir * kc;
                            var cTile = c + (ic + ir) * ldc + jc + jr;
                            if (rows == mr && cols == nr)
                            {
                                TKernel.Run(kc, aPanel, bPanel, cTile, ldc, alpha, betaBlock);
                            }
                            else
                            {
                                TKernel.Run(kc, aPanel, bPanel, edge, nr, alpha, 0f);
                                MergeEdge(edge, nr, rows, cols, cTile, ldc, betaBlock);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Writes the first rows×cols of an edge tile (alpha already applied) into C with beta.</summary>
    internal static void MergeEdge(float* tile, int nr, int rows, int cols, float* c, nint ldc, float beta)
    {
        for (var r = 0; r < rows; r++)
        {
            var src = tile + r * nr;
            var dst = c + r * ldc;
            if (beta == 0f)
            {
                for (var j = 0; j < cols; j++) dst[j] = src[j];
            }
            else
            {
                for (var j = 0; j < cols; j++) dst[j] = MathF.FusedMultiplyAdd(beta, dst[j], src[j]);
            }
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;
}
