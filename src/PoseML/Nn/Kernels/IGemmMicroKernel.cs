namespace PoseML.Nn.Kernels;

/// <summary>A register-tile micro-kernel: MR rows of packed A times NR columns of packed B.</summary>
internal unsafe interface IGemmMicroKernel
{
    /// <summary>Rows of the register tile (rows per packed A micro-panel).</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the register tile (columns per packed B micro-panel).</summary>
    static abstract int NR { get; }

    /// <summary>Whether the instructions this kernel uses run on this machine.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>Computes the full MR×NR tile at <paramref name="c"/> (row stride <paramref name="ldc"/>)
    /// from packed panels <paramref name="a"/> (kc·MR, MR values per step) and <paramref name="b"/>
    /// (kc·NR, 64-byte aligned); beta = 0 overwrites C without reading it.</summary>
    static abstract void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta);
}
