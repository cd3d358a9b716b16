using System.Runtime.InteropServices;

namespace PoseML.Nn.Kernels;

/// <summary>One large product on several threads with shared packing: for each (NC columns, KC steps)
/// block, the threads first pack all of op(A)'s rows and the block of op(B) once into shared buffers,
/// then compute tiles of C (row block × column block) claimed dynamically, so no operand is packed
/// twice and a thread that the (shared) machine slows down simply takes fewer tiles. Each element is
/// accumulated exactly as by <see cref="GemmDriver{TKernel}"/>: bit-identical results.</summary>
internal static unsafe class GemmParallel<TKernel> where TKernel : IGemmMicroKernel
{
    /// <summary>Most rows of op(A) packed at once (8192 × KC floats = 8 MiB).</summary>
    internal const int MaxSharedRows = 8192;

    [StructLayout(LayoutKind.Auto)]
    private struct Job
    {
        public float* A, B, C, PackedA, PackedB;
        public nint Lda, Ldb, Ldc;
        public bool TransA, TransB;
        public int M, K, Kc, Pc, Jc, Nc;
        public float Alpha, BetaBlock;
        public int PackTasksA, PackTasksB, PanelsPerTaskA, PanelsPerTaskB;
        public int RowBlocks, ColBlocks, RowsPerBlock, ColsPerBlock;
    }

    /// <summary>C[m×n] = alpha·op(A)·op(B) + beta·C on up to <paramref name="threads"/> threads; k ≥ 1.</summary>
    public static void Compute(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc, int threads)
    {
        // Very tall products run in row slabs, so the shared packed A stays a few MiB.
        if (m > MaxSharedRows)
        {
            for (var i = 0; i < m; i += MaxSharedRows)
            {
                var rows = Math.Min(MaxSharedRows, m - i);
                Compute(transA, transB, rows, n, k, alpha, transA ? a + i : a + i * lda, lda, b, ldb, beta, c + i * ldc, ldc, threads);
            }
            return;
        }
        var mr = TKernel.MR;
        var nr = TKernel.NR;
        var kcMax = Math.Min(k, GemmBlocking.KC);
        var ncMax = Math.Min((n + nr - 1) / nr * nr, GemmBlocking.NC);
        var tilesM = (m + mr - 1) / mr;
        var job = new Job
        {
            A = a, B = b, C = c, Lda = lda, Ldb = ldb, Ldc = ldc, TransA = transA, TransB = transB, M = m, K = k, Alpha = alpha,
            // The caller's own per-thread buffers serve as the shared ones: it waits for every task.
            PackedA = PackBuffer.A(tilesM * mr * kcMax),
            PackedB = PackBuffer.B(ncMax * kcMax),
        };
        // About four tiles of C per thread: rows first (≥ 4 register tiles and ≤ MC rows per block), then columns.
        var wanted = 4 * threads;
        var rowBlocks = Math.Clamp(tilesM / 4, 1, wanted);
        rowBlocks = Math.Max(rowBlocks, (m + GemmBlocking.MC - 1) / GemmBlocking.MC);
        job.RowsPerBlock = (tilesM + rowBlocks - 1) / rowBlocks * mr;
        job.RowBlocks = (m + job.RowsPerBlock - 1) / job.RowsPerBlock;
        job.PackTasksA = Math.Min(tilesM, threads);
        job.PanelsPerTaskA = (tilesM + job.PackTasksA - 1) / job.PackTasksA;
        job.PackTasksA = (tilesM + job.PanelsPerTaskA - 1) / job.PanelsPerTaskA;

        for (var jc = 0; jc < n; jc += GemmBlocking.NC)
        {
            var nc = Math.Min(GemmBlocking.NC, n - jc);
            var tilesN = (nc + nr - 1) / nr;
            var colBlocks = Math.Clamp((wanted + job.RowBlocks - 1) / job.RowBlocks, 1, tilesN);
            job.ColsPerBlock = (tilesN + colBlocks - 1) / colBlocks * nr;
            job.ColBlocks = (nc + job.ColsPerBlock - 1) / job.ColsPerBlock;
            job.PackTasksB = Math.Min(tilesN, threads);
            job.PanelsPerTaskB = (tilesN + job.PackTasksB - 1) / job.PackTasksB;
            job.PackTasksB = (tilesN + job.PanelsPerTaskB - 1) / job.PanelsPerTaskB;
            job.Jc = jc;
            job.Nc = nc;
            for (var pc = 0; pc < k; pc += GemmBlocking.KC)
            {
                job.Pc = pc;
                job.Kc = Math.Min(GemmBlocking.KC, k - pc);
                job.BetaBlock = pc == 0 ? beta : 1f;
                KernelThreadPool.Run(job.PackTasksA + job.PackTasksB, threads, &Pack, &job);
                KernelThreadPool.Run(job.RowBlocks * job.ColBlocks, threads, &Multiply, &job);
            }
        }
    }

    private static void Pack(int task, void* state)
    {
        ref var job = ref *(Job*)state;
        var mr = TKernel.MR;
        var nr = TKernel.NR;
        if (task < job.PackTasksA)
        {
            var i0 = task * job.PanelsPerTaskA * mr;
            var rows = Math.Min(job.PanelsPerTaskA * mr, job.M - i0);
            var src = job.TransA ? job.A + job.Pc * job.Lda + i0 : job.A + i0 * job.Lda + job.Pc;
            GemmPacking.PackA(mr, job.TransA, src, job.Lda, rows, job.Kc, job.PackedA + (nint)i0 * job.Kc);
        }
        else
        {
            var j0 = (task - job.PackTasksA) * job.PanelsPerTaskB * nr;
            var cols = Math.Min(job.PanelsPerTaskB * nr, job.Nc - j0);
            var column = job.Jc + j0;
            var src = job.TransB ? job.B + column * job.Ldb + job.Pc : job.B + job.Pc * job.Ldb + column;
            GemmPacking.PackB(nr, job.TransB, src, job.Ldb, job.Kc, cols, job.PackedB + (nint)j0 * job.Kc);
        }
    }

    private static void Multiply(int task, void* state)
    {
        ref var job = ref *(Job*)state;
        var mr = TKernel.MR;
        var nr = TKernel.NR;
        var i0 = task / job.ColBlocks * job.RowsPerBlock;
        var j0 = task % job.ColBlocks * job.ColsPerBlock;
        var rowsEnd = Math.Min(i0 + job.RowsPerBlock, job.M);
        var colsEnd = Math.Min(j0 + job.ColsPerBlock, job.Nc);
        var kc = job.Kc;
        var edge = PackBuffer.Scratch(mr * nr);
        for (var jr = j0; jr < colsEnd; jr += nr)
        {
            var cols = Math.Min(nr, colsEnd - jr);
            var bPanel = job.PackedB + (nint)jr * kc;
            for (var ir = i0; ir < rowsEnd; ir += mr)
            {
                var rows = Math.Min(mr, rowsEnd - ir);
                var aPanel = job.PackedA + (nint)ir * kc;
                var cTile = job.C + ir * job.Ldc + job.Jc + jr;
                if (rows == mr && cols == nr)
                {
                    TKernel.Run(kc, aPanel, bPanel, cTile, job.Ldc, job.Alpha, job.BetaBlock);
                }
                else
                {
                    TKernel.Run(kc, aPanel, bPanel, edge, nr, job.Alpha, 0f);
                    GemmDriver<TKernel>.MergeEdge(edge, nr, rows, cols, cTile, job.Ldc, job.BetaBlock);
                }
            }
        }
    }
}
