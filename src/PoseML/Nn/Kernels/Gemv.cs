using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PoseML.Nn.Kernels;

/// <summary>Matrix-vector products for GEMMs with one row or one column (batch-1 inference): they are
/// bound by streaming the matrix once from memory, so they skip packing and read it in place.
/// Two layouts: <em>dot</em> (each output is the dot product of a contiguous matrix row with x, e.g.
/// x·Wᵀ for a Linear layer) and <em>axpy</em> (each k step adds x[p] times a contiguous matrix row,
/// e.g. x·B). The axpy form accumulates each output in k order with the GEMM's KC blocking, so it is
/// bit-identical to the packed path; the dot form sums in vector lanes (a different, deterministic
/// rounding order).</summary>
internal static unsafe class Gemv
{
    /// <summary>Fewest outputs worth a parallel task of their own.</summary>
    public const int SplitGrain = 64;

    /// <summary>Outputs accumulated at once by the axpy form (a 4 KiB row that stays in L1).</summary>
    public const int AxpyChunk = 1024;

    /// <summary>y[j·incy] = alpha · Σₚ w[j·ldw + p]·x[p] + beta · y[j·incy] for j in [0, n); x contiguous.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot(int n, int k, float alpha, float* x, float* w, nint ldw, float beta, float* y, nint incy)
    {
        var j = 0;
        for (; j + 4 <= n; j += 4)
        {
            float* w0 = w + j * ldw, w1 = w0 + ldw, w2 = w1 + ldw, w3 = w2 + ldw;
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
            var p = 0;
            for (; p + 16 <= k; p += 16)
            {
                var x0 = Vector256.Load(x + p);
                var x1 = Vector256.Load(x + p + 8);
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(w0 + p), x0, a0);
                b0 = Vector256.FusedMultiplyAdd(Vector256.Load(w0 + p + 8), x1, b0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Load(w1 + p), x0, a1);
                b1 = Vector256.FusedMultiplyAdd(Vector256.Load(w1 + p + 8), x1, b1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Load(w2 + p), x0, a2);
                b2 = Vector256.FusedMultiplyAdd(Vector256.Load(w2 + p + 8), x1, b2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Load(w3 + p), x0, a3);
                b3 = Vector256.FusedMultiplyAdd(Vector256.Load(w3 + p + 8), x1, b3);
            }
            float s0 = Vector256.Sum(a0 + b0), s1 = Vector256.Sum(a1 + b1), s2 = Vector256.Sum(a2 + b2), s3 = Vector256.Sum(a3 + b3);
            for (; p < k; p++)
            {
                var xp = x[p];
                s0 = MathF.FusedMultiplyAdd(w0[p], xp, s0);
                s1 = MathF.FusedMultiplyAdd(w1[p], xp, s1);
                s2 = MathF.FusedMultiplyAdd(w2[p], xp, s2);
                s3 = MathF.FusedMultiplyAdd(w3[p], xp, s3);
            }
            Store(y + j * incy, alpha * s0, beta);
            Store(y + (j + 1) * incy, alpha * s1, beta);
            Store(y + (j + 2) * incy, alpha * s2, beta);
            Store(y + (j + 3) * incy, alpha * s3, beta);
        }
        for (; j < n; j++)
        {
            var wj = w + j * ldw;
            Vector256<float> a0 = default;
            var p = 0;
            for (; p + 8 <= k; p += 8) a0 = Vector256.FusedMultiplyAdd(Vector256.Load(wj + p), Vector256.Load(x + p), a0);
            var s = Vector256.Sum(a0);
            for (; p < k; p++) s = MathF.FusedMultiplyAdd(wj[p], x[p], s);
            Store(y + j * incy, alpha * s, beta);
        }
    }

    /// <summary>y[j·incy] = alpha · Σₚ x[p]·bm[p·ldb + j] + beta · y[j·incy] for j in [0, n); x contiguous.
    /// Streams the matrix row by row into an accumulator row in L1, one FMA per element per k step in
    /// order and alpha applied per KC block: rounds exactly like the packed GEMM.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Axpy(int n, int k, float alpha, float* x, float* bm, nint ldb, float beta, float* y, nint incy)
    {
        var acc = PackBuffer.Scratch(Math.Min(n, AxpyChunk) + 8);
        for (var j0 = 0; j0 < n; j0 += AxpyChunk)
        {
            var cols = Math.Min(AxpyChunk, n - j0);
            for (var pc = 0; pc < k; pc += GemmBlocking.KC)
            {
                var kc = Math.Min(GemmBlocking.KC, k - pc);
                new Span<float>(acc, cols).Clear();
                var p = 0;
                // Four rows per pass: one load/store of the accumulator row per four FMAs, applied in k order.
                for (; p + 4 <= kc; p += 4)
                {
                    float x0 = x[pc + p], x1 = x[pc + p + 1], x2 = x[pc + p + 2], x3 = x[pc + p + 3];
                    Vector256<float> v0 = Vector256.Create(x0), v1 = Vector256.Create(x1), v2 = Vector256.Create(x2), v3 = Vector256.Create(x3);
                    var r0 = bm + (pc + p) * ldb + j0;
                    var r1 = r0 + ldb;
                    var r2 = r1 + ldb;
                    var r3 = r2 + ldb;
                    var j = 0;
                    for (; j + 8 <= cols; j += 8)
                    {
                        var t = Vector256.FusedMultiplyAdd(v0, Vector256.Load(r0 + j), Vector256.Load(acc + j));
                        t = Vector256.FusedMultiplyAdd(v1, Vector256.Load(r1 + j), t);
                        t = Vector256.FusedMultiplyAdd(v2, Vector256.Load(r2 + j), t);
                        Vector256.FusedMultiplyAdd(v3, Vector256.Load(r3 + j), t).Store(acc + j);
                    }
                    for (; j < cols; j++)
                    {
                        var t = MathF.FusedMultiplyAdd(x0, r0[j], acc[j]);
                        t = MathF.FusedMultiplyAdd(x1, r1[j], t);
                        t = MathF.FusedMultiplyAdd(x2, r2[j], t);
                        acc[j] = MathF.FusedMultiplyAdd(x3, r3[j], t);
                    }
                }
                for (; p < kc; p++)
                {
                    var xp = x[pc + p];
                    var xv = Vector256.Create(xp);
                    var row = bm + (pc + p) * ldb + j0;
                    var j = 0;
                    for (; j + 16 <= cols; j += 16)
                    {
                        Vector256.FusedMultiplyAdd(xv, Vector256.Load(row + j), Vector256.Load(acc + j)).Store(acc + j);
                        Vector256.FusedMultiplyAdd(xv, Vector256.Load(row + j + 8), Vector256.Load(acc + j + 8)).Store(acc + j + 8);
                    }
                    for (; j + 8 <= cols; j += 8)
                        Vector256.FusedMultiplyAdd(xv, Vector256.Load(row + j), Vector256.Load(acc + j)).Store(acc + j);
                    for (; j < cols; j++) acc[j] = MathF.FusedMultiplyAdd(xp, row[j], acc[j]);
                }
                var betaBlock = pc == 0 ? beta : 1f;
                for (var j = 0; j < cols; j++) Store(y + (j0 + j) * incy, acc[j] * alpha, betaBlock);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* y, float value, float beta) =>
        *y = beta == 0f ? value : MathF.FusedMultiplyAdd(beta, *y, value);
}
