using static TorchSharp.torch;

namespace PoseML.Vision.Networks.Hourglass;

/// <summary>Makes TorchSharp runs reproducible: one seed for every generator libtorch uses. libtorch's generators are
/// process-wide, so seeded work is serialised through <see cref="Gate"/>. TorchSharp 0.107.0 does not implement
/// <c>use_deterministic_algorithms</c>; on the CPU the operators the hourglass uses (convolution, batch norm, max-pool,
/// nearest upsampling) are deterministic for a fixed thread count, which the tests check bit for bit.</summary>
public static class TorchDeterminism
{
    /// <summary>Held while a seeded construction or training step sequence uses the global generators.</summary>
    public static readonly object Gate = new();

    /// <summary>Seeds libtorch's global CPU (and, when present, CUDA) generators.</summary>
    public static void Seed(int seed)
    {
        manual_seed(seed);
        if (cuda.is_available()) cuda.manual_seed_all(seed);
    }
}
