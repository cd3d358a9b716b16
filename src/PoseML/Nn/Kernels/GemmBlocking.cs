namespace PoseML.Nn.Kernels;

/// <summary>Cache-blocking sizes of the packed GEMM (GotoBLAS/BLIS loop nest: jc over NC columns, pc
/// over KC k steps, ic over MC rows, then NR×MR register tiles). Sized for a core with 32–48 KiB L1d,
/// ≥ 512 KiB L2 and a few MiB of L3: a KC×NR B micro-panel stays in L1, the MC×KC packed A block in
/// L2, the KC×NC packed B panel in L3.</summary>
/// <remarks>Register tiles measured in L1 (kc = 256, one core of the 2-core AMD EPYC (Zen 5) dev machine,
/// which has AVX-512 although the design brief expected AVX2 only): AVX-512 6×32 / 8×32 / 12×32 / 14×32
/// ≈ 220 / 220 / 222 / 215 GFLOP/s, AVX2 6×16 / 4×24 ≈ 100–112 GFLOP/s. 8×32 is kept for AVX-512
/// (divides the power-of-two batch sizes, 16 of 32 zmm registers), 6×16 for AVX2 (BLIS's Haswell tile).</remarks>
internal static class GemmBlocking
{
    /// <summary>k steps per packed block.</summary>
    public const int KC = 256;

    /// <summary>Rows of op(A) per packed block (rounded down to a multiple of MR by the driver).</summary>
    public const int MC = 192;

    /// <summary>Columns of op(B) per packed panel (a multiple of every NR).</summary>
    public const int NC = 4096;

    /// <summary>Products with fewer multiply-adds than this run on the calling thread only: waking a
    /// worker costs more than it saves.</summary>
    public const long ParallelThreshold = 1L << 19;
}
