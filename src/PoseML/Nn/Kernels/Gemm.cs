namespace PoseML.Nn.Kernels;

/// <summary>Single-precision general matrix multiply on row-major storage:
/// <c>C = alpha · op(A) · op(B) + beta · C</c>, where op(X) is X or Xᵀ. op(A) is m×k, op(B) is k×n,
/// C is m×n; lda, ldb, ldc are the row strides of the stored (untransposed) matrices. When beta is 0,
/// C is overwritten (NaN in C does not propagate), as in BLAS.</summary>
public static class Gemm
{
    /// <summary>One product. <paramref name="maxThreads"/> ≤ 0 uses every core.</summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, int maxThreads = 0)
    {
        GemmReference.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
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
        for (var g = 0; g < groups; g++)
        {
            GemmReference.Multiply(transA, transB, m, n, k, alpha, a[(int)(g * strideA)..], lda, b[(int)(g * strideB)..], ldb,
                beta, c[(int)(g * strideC)..], ldc);
        }
    }
}
