using System.Runtime.CompilerServices;

namespace PoseML.Nn.Kernels;

/// <summary>Per-thread, 64-byte-aligned scratch for packed GEMM panels. The arrays live on the pinned
/// object heap, so their addresses are stable without <c>fixed</c>; they grow on demand and are then
/// reused by every later call on the same thread (no allocation in steady state).</summary>
internal static unsafe class PackBuffer
{
    [ThreadStatic] private static float[]? _a;
    [ThreadStatic] private static float[]? _b;
    [ThreadStatic] private static float[]? _scratch;
    [ThreadStatic] private static float[]? _gather;

    /// <summary>Scratch for a packed A block of at least <paramref name="floats"/> values.</summary>
    public static float* A(int floats) => Aligned(ref _a, floats);

    /// <summary>Scratch for a packed B panel of at least <paramref name="floats"/> values.</summary>
    public static float* B(int floats) => Aligned(ref _b, floats);

    /// <summary>Small scratch (edge tiles, gathered vectors) of at least <paramref name="floats"/> values.</summary>
    public static float* Scratch(int floats) => Aligned(ref _scratch, floats);

    /// <summary>Scratch for a strided vector gathered into contiguous memory (distinct from
    /// <see cref="Scratch"/>, so both can be live at once).</summary>
    public static float* Gather(int floats) => Aligned(ref _gather, floats);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* Aligned(ref float[]? buffer, int floats)
    {
        if (buffer is null || buffer.Length < floats + 16)
            buffer = GC.AllocateUninitializedArray<float>(Math.Max(floats + 16, (buffer?.Length ?? 0) * 3 / 2), pinned: true);
        var p = (float*)Unsafe.AsPointer(ref buffer[0]);
        return (float*)(((nint)p + 63) & ~(nint)63);
    }
}
