using System.Runtime.Intrinsics;

namespace PoseML.Nn.Modules;

/// <summary>Eight interleaved xoshiro128** generators (Blackman &amp; Vigna) in one 256-bit vector,
/// seeded through SplitMix64: a fast, allocation-free source of dropout masks. The lane count is fixed
/// (not <c>Vector&lt;T&gt;.Count</c>), so the same seed gives the same masks on every machine.</summary>
internal struct MaskRandom
{
    private Vector256<uint> _s0, _s1, _s2, _s3;

    public MaskRandom(long seed)
    {
        var z = (ulong)seed;
        Span<uint> state = stackalloc uint[32];
        for (var i = 0; i < 32; i += 2)
        {
            var v = SplitMix(ref z);
            state[i] = (uint)v;
            state[i + 1] = (uint)(v >> 32);
        }
        _s0 = Vector256.Create<uint>(state[..8]);
        _s1 = Vector256.Create<uint>(state.Slice(8, 8));
        _s2 = Vector256.Create<uint>(state.Slice(16, 8));
        _s3 = Vector256.Create<uint>(state.Slice(24, 8));
    }

    /// <summary>Writes <paramref name="keep"/> where a uniform 32-bit draw is ≥ <paramref name="threshold"/>
    /// (probability 1 − threshold/2³²) and 0 elsewhere.</summary>
    public void FillMask(Span<float> mask, uint threshold, float keep)
    {
        var (s0, s1, s2, s3) = (_s0, _s1, _s2, _s3);
        var th = Vector256.Create(threshold);
        var kv = Vector256.Create(keep);
        var i = 0;
        Span<float> tail = stackalloc float[8];
        while (i < mask.Length)
        {
            var x = s1 * 5u;
            var result = ((x << 7) | (x >>> 25)) * 9u;
            var t = s1 << 9;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = (s3 << 11) | (s3 >>> 21);
            var values = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(result, th).AsSingle(), kv, Vector256<float>.Zero);
            if (mask.Length - i >= 8)
            {
                values.CopyTo(mask[i..]);
                i += 8;
            }
            else
            {
                values.CopyTo(tail);
                tail[..(mask.Length - i)].CopyTo(mask[i..]);
                i = mask.Length;
            }
        }
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
