namespace PoseML.Nn.Modules;

/// <summary>xoshiro128** (Blackman &amp; Vigna), seeded through SplitMix64: a fast, allocation-free
/// generator for dropout masks. The same seed gives the same sequence on every platform.</summary>
internal struct MaskRandom
{
    private uint _s0, _s1, _s2, _s3;

    public MaskRandom(long seed)
    {
        var z = (ulong)seed;
        var a = SplitMix(ref z);
        var b = SplitMix(ref z);
        _s0 = (uint)a; _s1 = (uint)(a >> 32); _s2 = (uint)b; _s3 = (uint)(b >> 32);
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 1;
    }

    public uint NextUInt32()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 9;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 11);
        return result;
    }

    private static uint RotateLeft(uint x, int k) => (x << k) | (x >> (32 - k));

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
