namespace PoseML.Nn.Kernels;

/// <summary>Which register-tile micro-kernel a GEMM runs.</summary>
internal enum GemmKernelKind
{
    /// <summary>Portable scalar FMA 4×4 tile.</summary>
    Scalar,

    /// <summary>AVX2 + FMA 6×16 tile.</summary>
    Avx2,

    /// <summary>AVX-512F 8×32 tile.</summary>
    Avx512,
}
