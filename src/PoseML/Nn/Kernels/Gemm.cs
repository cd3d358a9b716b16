using PoseML.Core;

namespace PoseML.Nn.Kernels;

/// <summary>Single-precision general matrix multiply on row-major storage:
/// <c>C = alpha · op(A) · op(B) + beta · C</c>, where op(X) is X or Xᵀ. op(A) is m×k, op(B) is k×n,
/// C is m×n; lda, ldb, ldc are the row strides of the stored (untransposed) matrices. When beta is 0,
/// C is overwritten (NaN in C does not propagate), as in BLAS.</summary>
/// <remarks>
/// Packed, cache-blocked GotoBLAS/BLIS-style kernel with a register-tile micro-kernel: AVX-512 8×32
/// where the CPU has it, AVX2+FMA 6×16 otherwise, a scalar FMA 4×4 tile as the portable fallback.
/// Products with one row or one column take a matrix-vector path that streams the matrix once.
/// Large products run on every core (<c>maxThreads</c> ≤ 0 → all cores; small products stay on the
/// calling thread): one big product packs each operand once into shared buffers and the threads claim
/// tiles of C dynamically; many products (groups) run as independent tasks, each packing its own.
/// Each element is accumulated with one fused multiply-add per k step in k order, KC steps per block,
/// so the result is <b>bit-identical for any thread count and any micro-kernel</b>. The one exception is a product whose op(B) (m = 1) or
/// op(A) (n = 1) is read as contiguous rows of length k (e.g. x·Wᵀ at batch 1): it sums in vector
/// lanes, deterministic and independent of the thread count but not bit-equal to the same row inside
/// a larger batch. Steady-state calls allocate nothing.
/// </remarks>
public static unsafe class Gemm
{
    /// <summary>One product. <paramref name="maxThreads"/> ≤ 0 uses every core.</summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, int maxThreads = 0)
    {
        MultiplyGrouped(1, transA, transB, m, n, k, alpha, a, lda, 0, b, ldb, 0, beta, c, ldc, 0, maxThreads);
    }

    /// <summary>Many independent products of one shape in one call: product g reads A at
    /// <c>g · strideA</c>, B at <c>g · strideB</c> and writes C at <c>g · strideC</c>, with the same
    /// leading dimensions. This is how n_t group lifters run as one call: with X [batch, G·in],
    /// W [G, out, in], Y [batch, G·out]: strideA = in, lda = G·in; strideB = out·in, ldb = in (transB);
    /// strideC = out, ldc = G·out.</summary>
    public static void MultiplyGrouped(int groups, bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, long strideA, ReadOnlySpan<float> b, int ldb, long strideB,
        float beta, Span<float> c, int ldc, long strideC, int maxThreads = 0)
    {
        MultiplyGrouped(DefaultKernel, groups, transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC,
            maxThreads, GemmBlocking.ParallelThreshold);
    }

    /// <summary>The register-tile micro-kernel this machine runs: <c>avx512-8x32</c>, <c>avx2-6x16</c>
    /// or <c>scalar-4x4</c> (for benchmark reports).</summary>
    public static string KernelName => DefaultKernel switch
    {
        GemmKernelKind.Avx512 => "avx512-8x32",
        GemmKernelKind.Avx2 => "avx2-6x16",
        _ => "scalar-4x4",
    };

    /// <summary>The micro-kernel this machine runs: the widest it supports, or the one named by the
    /// environment variable <c>POSEML_GEMM_KERNEL</c> (<c>avx512</c>, <c>avx2</c>, <c>scalar</c>) when
    /// this CPU runs it (to measure or reproduce the AVX2 path on an AVX-512 machine).</summary>
    internal static GemmKernelKind DefaultKernel { get; } = ChooseKernel(Environment.GetEnvironmentVariable("POSEML_GEMM_KERNEL"));

    private static GemmKernelKind ChooseKernel(string? requested)
    {
        GemmKernelKind? forced = requested?.Trim().ToLowerInvariant() switch
        {
            "avx512" => GemmKernelKind.Avx512,
            "avx2" => GemmKernelKind.Avx2,
            "scalar" => GemmKernelKind.Scalar,
            _ => null,
        };
        if (forced is { } kind && IsSupported(kind)) return kind;
        return Avx512Kernel8x32.IsSupported ? GemmKernelKind.Avx512 :
            Avx2Kernel6x16.IsSupported ? GemmKernelKind.Avx2 : GemmKernelKind.Scalar;
    }

    /// <summary>Whether <paramref name="kind"/> can run on this machine.</summary>
    internal static bool IsSupported(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Avx512 => Avx512Kernel8x32.IsSupported,
        GemmKernelKind.Avx2 => Avx2Kernel6x16.IsSupported,
        _ => true,
    };

    /// <summary><see cref="MultiplyGrouped(int, bool, bool, int, int, int, float, ReadOnlySpan{float}, int, long, ReadOnlySpan{float}, int, long, float, Span{float}, int, long, int)"/>
    /// with an explicit micro-kernel and the work (multiply-adds) below which it stays on one thread
    /// (tests run every kernel the machine supports, and small products on several threads).</summary>
    internal static void MultiplyGrouped(GemmKernelKind kernel, int groups, bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, long strideA, ReadOnlySpan<float> b, int ldb, long strideB,
        float beta, Span<float> c, int ldc, long strideC, int maxThreads, long parallelThreshold)
    {
        if (!IsSupported(kernel)) throw new InvalidOptionException(nameof(kernel), $"the {kernel} micro-kernel does not run on this CPU");
        Validate(groups, transA, transB, m, n, k, a.Length, lda, strideA, b.Length, ldb, strideB, c.Length, ldc, strideC);
        if (groups == 0 || m == 0 || n == 0) return;
        var threads = maxThreads <= 0 ? Environment.ProcessorCount : Math.Min(maxThreads, Environment.ProcessorCount);
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var job = new GemmJob
            {
                A = pa, B = pb, C = pc, Lda = lda, Ldb = ldb, Ldc = ldc,
                StrideA = (nint)strideA, StrideB = (nint)strideB, StrideC = (nint)strideC,
                TransA = transA, TransB = transB, M = m, N = n, K = k, Alpha = alpha, Beta = beta, Kernel = kernel,
            };
            if (k == 0 || alpha == 0f)
            {
                for (var g = 0; g < groups; g++) ScaleC(m, n, beta, pc + g * (nint)strideC, ldc);
                return;
            }
            var work = (double)groups * m * n * k;
            if (work < parallelThreshold) threads = 1;
            if (threads > 1 && m > 1 && n > 1 && UseSharedPacking(groups, threads, m, n, k))
            {
                for (var g = 0; g < groups; g++)
                    ComputeShared(kernel, transA, transB, m, n, k, alpha, pa + g * (nint)strideA, lda, pb + g * (nint)strideB, ldb,
                        beta, pc + g * (nint)strideC, ldc, threads);
                return;
            }
            job.Plan(groups, threads);
            var tasks = groups * job.SplitM * job.SplitN;
            if (threads == 1 || tasks == 1)
            {
                for (var t = 0; t < tasks; t++) GemmJob.RunTask(t, &job);
            }
            else
            {
                KernelThreadPool.Run(tasks, threads, &GemmJob.RunTask, &job);
            }
        }
    }

    // Large products whose groups cannot be shared out evenly run one after another, each on every
    // thread with shared packing; many small or evenly divisible groups run as independent tasks.
    private static bool UseSharedPacking(int groups, int threads, int m, int n, int k) =>
        (long)m * n * k >= SharedPackingMinWork && (groups == 1 || (groups % threads != 0 && groups < 8 * threads));

    /// <summary>Multiply-adds per product from which several threads share one packing of the operands.</summary>
    internal const long SharedPackingMinWork = 1L << 21;

    private static void ComputeShared(GemmKernelKind kernel, bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc, int threads)
    {
        switch (kernel)
        {
            case GemmKernelKind.Avx512:
                GemmParallel<Avx512Kernel8x32>.Compute(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads);
                break;
            case GemmKernelKind.Avx2:
                GemmParallel<Avx2Kernel6x16>.Compute(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads);
                break;
            default:
                GemmParallel<ScalarKernel4x4>.Compute(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads);
                break;
        }
    }

    private static void ScaleC(int m, int n, float beta, float* c, nint ldc)
    {
        for (var i = 0; i < m; i++)
        {
            var row = new Span<float>(c + i * ldc, n);
            if (beta == 0f) row.Clear();
            else if (beta != 1f) System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }

    private static void Validate(int groups, bool transA, bool transB, int m, int n, int k,
        int aLength, int lda, long strideA, int bLength, int ldb, long strideB, int cLength, int ldc, long strideC)
    {
        if (groups < 0) throw new InvalidOptionException(nameof(groups), $"must be ≥ 0, got {groups}");
        if (m < 0 || n < 0 || k < 0) throw new InvalidOptionException("m,n,k", $"dimensions must be ≥ 0, got m={m} n={n} k={k}");
        if (strideA < 0 || strideB < 0 || strideC < 0)
            throw new InvalidOptionException("stride", $"group strides must be ≥ 0, got {strideA}, {strideB}, {strideC}");
        CheckOperand("a", transA ? k : m, transA ? m : k, lda, aLength, groups, strideA);
        CheckOperand("b", transB ? n : k, transB ? k : n, ldb, bLength, groups, strideB);
        CheckOperand("c", m, n, ldc, cLength, groups, strideC);
    }

    private static void CheckOperand(string name, int rows, int cols, int ld, int length, int groups, long stride)
    {
        if (ld < Math.Max(1, cols))
            throw new InvalidOptionException($"ld{name}", $"leading dimension of {name} must be ≥ {Math.Max(1, cols)} (its stored row length), got {ld}");
        if (groups == 0 || rows == 0 || cols == 0) return;
        var needed = (groups - 1) * stride + (long)(rows - 1) * ld + cols;
        if (needed > length)
            throw new InvalidOptionException(name, $"{name} holds {length} values, {groups} product(s) of a stored {rows}×{cols} matrix with leading dimension {ld} need {needed}");
    }
}
