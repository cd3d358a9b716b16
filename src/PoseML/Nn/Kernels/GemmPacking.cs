using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
                if (mr == 8 && rows == 8 && Avx.IsSupported)
                {
                    var src = a + i0 * lda;
                    var p = 0;
                    for (; p + 8 <= kc; p += 8) Transpose8x8(src + p, lda, dst + p * 8, 8);
                    for (; p < kc; p++)
                        for (var q = 0; q < 8; q++) dst[p * 8 + q] = src[q * lda + p];
                    dst += mr * kc;
                    continue;
                }
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
                if (cols == nr && nr % 8 == 0 && Avx.IsSupported)
                {
                    for (var jb = 0; jb < nr; jb += 8)
                    {
                        var src = b + (j0 + jb) * ldb;
                        var p = 0;
                        for (; p + 8 <= kc; p += 8) Transpose8x8(src + p, ldb, dst + p * nr + jb, nr);
                        for (; p < kc; p++)
                            for (var q = 0; q < 8; q++) dst[p * nr + jb + q] = src[q * ldb + p];
                    }
                    dst += nr * kc;
                    continue;
                }
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

    /// <summary>Writes the transpose of the 8×8 block at <paramref name="src"/> (row stride
    /// <paramref name="srcStride"/>) to <paramref name="dst"/> (row stride <paramref name="dstStride"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint srcStride, float* dst, nint dstStride)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + srcStride);
        var r2 = Avx.LoadVector256(src + 2 * srcStride);
        var r3 = Avx.LoadVector256(src + 3 * srcStride);
        var r4 = Avx.LoadVector256(src + 4 * srcStride);
        var r5 = Avx.LoadVector256(src + 5 * srcStride);
        var r6 = Avx.LoadVector256(src + 6 * srcStride);
        var r7 = Avx.LoadVector256(src + 7 * srcStride);
        // Interleave pairs of rows, then pairs of pairs, then swap 128-bit halves.
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(u3, u7, 0x31));
    }
}
