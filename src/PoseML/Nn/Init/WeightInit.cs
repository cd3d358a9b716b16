using PoseML.Core;

namespace PoseML.Nn.Init;

/// <summary>Weight initialisers with PyTorch's definitions (<c>torch.nn.init</c>), drawing from a
/// caller-supplied seeded <see cref="Random"/>: the same seed gives bit-identical weights.</summary>
public static class WeightInit
{
    /// <summary>PyTorch's gain for leaky_relu with negative slope <paramref name="a"/>: √(2 / (1 + a²))
    /// (a = 0 is ReLU's √2).</summary>
    public static double LeakyReluGain(double a) => Math.Sqrt(2.0 / (1.0 + a * a));

    /// <summary>Kaiming (He) uniform: U(−b, b) with b = gain(a) · √(3 / fanIn).</summary>
    public static void KaimingUniform(Span<float> values, int fanIn, Random random, double a = 0)
    {
        CheckFan(fanIn);
        Uniform(values, LeakyReluGain(a) * Math.Sqrt(3.0 / fanIn), random);
    }

    /// <summary>Kaiming (He) normal: N(0, σ²) with σ = gain(a) / √fanIn (He et al. 2015, used by Martinez et al.).</summary>
    public static void KaimingNormal(Span<float> values, int fanIn, Random random, double a = 0)
    {
        CheckFan(fanIn);
        Normal(values, 0, LeakyReluGain(a) / Math.Sqrt(fanIn), random);
    }

    /// <summary>U(−bound, bound).</summary>
    public static void Uniform(Span<float> values, double bound, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var i = 0; i < values.Length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
    }

    /// <summary>N(mean, std²) by the Box–Muller transform.</summary>
    public static void Normal(Span<float> values, double mean, double std, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var i = 0; i < values.Length; i += 2)
        {
            var u1 = 1.0 - random.NextDouble(); // (0, 1]: log is finite
            var u2 = random.NextDouble();
            var r = Math.Sqrt(-2.0 * Math.Log(u1));
            values[i] = (float)(mean + std * r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < values.Length) values[i + 1] = (float)(mean + std * r * Math.Sin(2 * Math.PI * u2));
        }
    }

    /// <summary>PyTorch's default <c>nn.Linear</c> initialisation: weight kaiming_uniform(a = √5), which is
    /// U(±1/√fanIn), and bias U(±1/√fanIn).</summary>
    public static void LinearDefault(Span<float> weight, Span<float> bias, int fanIn, Random random)
    {
        KaimingUniform(weight, fanIn, random, Math.Sqrt(5));
        Uniform(bias, 1.0 / Math.Sqrt(fanIn), random);
    }

    private static void CheckFan(int fanIn)
    {
        if (fanIn <= 0) throw new InvalidOptionException(nameof(fanIn), $"must be positive, got {fanIn}");
    }
}
