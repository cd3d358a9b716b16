using System.Runtime.CompilerServices;

namespace PoseML.Nn.Kernels;

/// <summary>Copies blocks of op(A) and op(B) into the contiguous micro-panel layouts the micro-kernels
/// stream: A as MR-row panels (for each k step, MR consecutive row values), B as NR-column panels (for
/// each k step, NR consecutive column values), zero-padded at the edges so every tile is full.</summary>
internal static unsafe class GemmPacking
{
    /// <summary>Packs rows [0, mc) × k-steps [0, kc) of op(A), which starts at <paramref name="a"/>
    /// (already offset to the block's first row and k step).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(int mr, bool transA, float* a, nint lda, int mc, int kc, float* dst)
    {
        for (var i0 = 0; i0 < mc; i0 += mr)
        {
            var rows = Math.Min(mr, mc - i0);
            if (transA)
            {
                // op(A)[i, p] = a[p·lda + i]: each k step's MR values are contiguous.
                for (var p = 0; p < kc; p++)
                {
                    var src = a + p * lda + i0;
                    var d = dst + p * mr;
                    var r = 0;
                    for (; r < rows; r++) d[r] = src[r];
                    for (; r < mr; r++) d[r] = 0f;
                }
            }
            else
            {
                // op(A)[i, p] = a[i·lda + p]: rows are contiguous; transpose MR rows into the panel.
                var r = 0;
                for (; r < rows; r++)
                {
                    var src = a + (i0 + r) * lda;
                    var d = dst + r;
                    for (var p = 0; p < kc; p++) d[p * mr] = src[p];
                }
                for (; r < mr; r++)
                {
                    var d = dst + r;
                    for (var p = 0; p < kc; p++) d[p * mr] = 0f;
                }
            }
            dst += mr * kc;
        }
    }

    /// <summary>Packs k-steps [0, kc) × columns [0, nc) of op(B), which starts at <paramref name="b"/>
    /// (already offset to the block's first k step and column).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(int nr, bool transB, float* b, nint ldb, int kc, int nc, float* dst)
    {
        for (var j0 = 0; j0 < nc; j0 += nr)
        {
            var cols = Math.Min(nr, nc - j0);
            if (!transB)
            {
                // op(B)[p, j] = b[p·ldb + j]: each k step's NR values are contiguous.
                if (cols == nr)
                {
                    var bytes = (uint)(nr * sizeof(float));
                    for (var p = 0; p < kc; p++) Unsafe.CopyBlockUnaligned(dst + p * nr, b + p * ldb + j0, bytes);
                }
                else
                {
                    for (var p = 0; p < kc; p++)
                    {
                        var src = b + p * ldb + j0;
                        var d = dst + p * nr;
                        var j = 0;
                        for (; j < cols; j++) d[j] = src[j];
                        for (; j < nr; j++) d[j] = 0f;
                    }
                }
            }
            else
            {
                // op(B)[p, j] = b[j·ldb + p]: columns of op(B) are contiguous; transpose them into the panel.
                var j = 0;
                for (; j < cols; j++)
                {
                    var src = b + (j0 + j) * ldb;
                    var d = dst + j;
                    for (var p = 0; p < kc; p++) d[p * nr] = src[p];
                }
                for (; j < nr; j++)
                {
                    var d = dst + j;
                    for (var p = 0; p < kc; p++) d[p * nr] = 0f;
                }
            }
            dst += nr * kc;
        }
    }
}
