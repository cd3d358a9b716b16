namespace PoseML.Nn.Kernels;

/// <summary>Cache-blocking sizes of the packed GEMM (GotoBLAS/BLIS loop nest: jc over NC columns, pc
/// over KC k steps, ic over MC rows, then NR×MR register tiles). Sized for a core with 32–48 KiB L1d,
/// ≥ 512 KiB L2 and a few MiB of L3: a KC×NR B micro-panel stays in L1, the MC×KC packed A block in
/// L2, the KC×NC packed B panel in L3. Tuned by measurement on the target machine (AMD EPYC, AVX-512).</summary>
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
