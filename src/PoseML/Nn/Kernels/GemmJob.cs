using System.Runtime.InteropServices;

namespace PoseML.Nn.Kernels;

/// <summary>One (grouped) GEMM call split into tasks: each task is one block of C of one group, computed
/// single-threaded by the packed driver or the matrix-vector path.</summary>
[StructLayout(LayoutKind.Auto)]
internal unsafe struct GemmJob
{
    public float* A, B, C;
    public nint Lda, Ldb, Ldc, StrideA, StrideB, StrideC;
    public bool TransA, TransB;
    public int M, N, K;
    public float Alpha, Beta;
    public GemmKernelKind Kernel;
    public int SplitM, SplitN, ChunkM, ChunkN;

    /// <summary>Chooses how many blocks of C each group is split into, so the tasks keep
    /// <paramref name="threads"/> cores busy (dynamic claiming balances the rest).</summary>
    public void Plan(int groups, int threads)
    {
        var (mr, nr) = Kernel switch
        {
            GemmKernelKind.Avx512 => (8, 32),
            GemmKernelKind.Avx2 => (6, 16),
            _ => (4, 4),
        };
        if (M == 1 || N == 1)
        {
            // Matrix-vector: split the output vector.
            var length = M == 1 ? N : M;
            var dotForm = M == 1 ? TransB : !TransA;
            var grain = Gemv.SplitGrain;
            // Streaming costs no packing, so split finely: ≥ 16 tasks per thread over all groups.
            var wantedSplits = (16 * threads + groups - 1) / groups;
            var splits = threads == 1 ? 1 : Math.Max(1, Math.Min((length + grain - 1) / grain, wantedSplits));
            var chunk = (length + splits - 1) / splits;
            chunk = dotForm ? (chunk + 3) / 4 * 4 : (chunk + 15) / 16 * 16;
            splits = (length + chunk - 1) / chunk;
            (SplitM, ChunkM, SplitN, ChunkN) = M == 1 ? (1, 1, splits, chunk) : (splits, chunk, 1, 1);
            return;
        }
        SplitM = 1;
        SplitN = 1;
        ChunkM = M;
        ChunkN = N;
        if (threads == 1) return;
        var wanted = WantedSplits(groups, threads);
        if (wanted == 1) return;
        var tilesM = (M + mr - 1) / mr;
        var tilesN = (N + nr - 1) / nr;
        // Split the dimension with more tiles (fewer duplicate packs per task), then the other if needed.
        if (tilesM >= tilesN)
        {
            SplitM = Math.Min(wanted, tilesM);
            SplitN = Math.Min((wanted + SplitM - 1) / SplitM, tilesN);
        }
        else
        {
            SplitN = Math.Min(wanted, tilesN);
            SplitM = Math.Min((wanted + SplitN - 1) / SplitN, tilesM);
        }
        ChunkM = (tilesM + SplitM - 1) / SplitM * mr;
        ChunkN = (tilesN + SplitN - 1) / SplitN * nr;
        SplitM = (M + ChunkM - 1) / ChunkM;
        SplitN = (N + ChunkN - 1) / ChunkN;
    }

    private static int WantedSplits(int groups, int threads)
    {
        // Enough tasks that every thread gets an equal share: groups·splits a multiple of threads,
        // or so many groups that the imbalance of one group is small.
        if (groups >= 8 * threads) return 1;
        for (var s = 1; s <= threads; s++)
            if (groups * s % threads == 0) return s;
        return threads;
    }

    /// <summary>Computes task <paramref name="task"/> of the job at <paramref name="state"/>.</summary>
    public static void RunTask(int task, void* state)
    {
        ref var job = ref *(GemmJob*)state;
        var perGroup = job.SplitM * job.SplitN;
        var g = task / perGroup;
        var r = task - g * perGroup;
        var i0 = r / job.SplitN * job.ChunkM;
        var j0 = r % job.SplitN * job.ChunkN;
        var m = Math.Min(job.ChunkM, job.M - i0);
        var n = Math.Min(job.ChunkN, job.N - j0);
        var a = job.A + g * job.StrideA + (job.TransA ? i0 : i0 * job.Lda);
        var b = job.B + g * job.StrideB + (job.TransB ? j0 * job.Ldb : j0);
        var c = job.C + g * job.StrideC + i0 * job.Ldc + j0;
        if (job.M == 1) RunRowVector(ref job, n, a, b, c);
        else if (job.N == 1) RunColumnVector(ref job, m, a, b, c);
        else
        {
            switch (job.Kernel)
            {
                case GemmKernelKind.Avx512:
                    GemmDriver<Avx512Kernel8x32>.Compute(job.TransA, job.TransB, m, n, job.K, job.Alpha, a, job.Lda, b, job.Ldb, job.Beta, c, job.Ldc);
                    break;
                case GemmKernelKind.Avx2:
                    GemmDriver<Avx2Kernel6x16>.Compute(job.TransA, job.TransB, m, n, job.K, job.Alpha, a, job.Lda, b, job.Ldb, job.Beta, c, job.Ldc);
                    break;
                default:
                    GemmDriver<ScalarKernel4x4>.Compute(job.TransA, job.TransB, m, n, job.K, job.Alpha, a, job.Lda, b, job.Ldb, job.Beta, c, job.Ldc);
                    break;
            }
        }
    }

    // m = 1: x = op(A) row (k values), output = C row 0, matrix = op(B).
    private static void RunRowVector(ref GemmJob job, int n, float* a, float* b, float* c)
    {
        var x = Contiguous(a, job.K, job.TransA ? job.Lda : 1);
        if (job.TransB) Gemv.Dot(n, job.K, job.Alpha, x, b, job.Ldb, job.Beta, c, 1);
        else Gemv.Axpy(n, job.K, job.Alpha, x, b, job.Ldb, job.Beta, c, 1);
    }

    // n = 1: x = op(B) column (k values), output = C column 0, matrix = op(A).
    private static void RunColumnVector(ref GemmJob job, int m, float* a, float* b, float* c)
    {
        var x = Contiguous(b, job.K, job.TransB ? 1 : job.Ldb);
        if (!job.TransA) Gemv.Dot(m, job.K, job.Alpha, x, a, job.Lda, job.Beta, c, job.Ldc);
        else Gemv.Axpy(m, job.K, job.Alpha, x, a, job.Lda, job.Beta, c, job.Ldc);
    }

    private static float* Contiguous(float* v, int k, nint stride)
    {
        if (stride == 1) return v;
        var dst = PackBuffer.Gather(k);
        for (var p = 0; p < k; p++) dst[p] = v[p * stride];
        return dst;
    }
}
