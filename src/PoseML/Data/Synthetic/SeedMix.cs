namespace PoseML.Data.Synthetic;

/// <summary>Derives independent, reproducible seeds from a user seed and indices (SplitMix64 finaliser),
/// so that one subject's or take's randomness does not depend on what else is generated.</summary>
internal static class SeedMix
{
    public static int Combine(int seed, params ReadOnlySpan<int> parts)
    {
        var h = Mix((ulong)(uint)seed + 0x9E3779B97F4A7C15UL);
        foreach (var p in parts) h = Mix(h ^ ((ulong)(uint)p + 0x9E3779B97F4A7C15UL));
        return (int)(h & 0x7FFFFFFF);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
