using System.Numerics;
using PoseML.Core;

namespace PoseML.Nn.Modules;

/// <summary>Leaky rectifier <c>y = x</c> for x &gt; 0, <c>slope·x</c> otherwise, element-wise on any
/// shape (PyTorch's <c>nn.LeakyReLU(negative_slope)</c>; default slope 0.01, lifters use 0.2).</summary>
public sealed class LeakyReLU : Module
{
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _gradInput;

    /// <summary>Creates the activation with the given negative slope (≥ 0).</summary>
    public LeakyReLU(float negativeSlope = 0.01f)
    {
        if (!(negativeSlope >= 0)) throw new InvalidOptionException(nameof(negativeSlope), $"must be non-negative, got {negativeSlope}");
        NegativeSlope = negativeSlope;
    }

    /// <summary>Slope for negative inputs.</summary>
    public float NegativeSlope { get; }

    /// <summary>y = x &gt; 0 ? x : slope·x.</summary>
    public static void Apply(ReadOnlySpan<float> x, float slope, Span<float> y) => Select(x, x, slope, y);

    /// <summary>dx = x &gt; 0 ? g : slope·g.</summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, float slope, Span<float> dx) => Select(x, g, slope, dx);

    private static void Select(ReadOnlySpan<float> x, ReadOnlySpan<float> v, float slope, Span<float> result)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            var s = new Vector<float>(slope);
            for (; i <= x.Length - w; i += w)
            {
                var vv = new Vector<float>(v[i..]);
                Vector.ConditionalSelect(Vector.GreaterThan(new Vector<float>(x[i..]), Vector<float>.Zero), vv, vv * s).CopyTo(result[i..]);
            }
        }
        for (; i < x.Length; i++) result[i] = x[i] > 0 ? v[i] : v[i] * slope;
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        _input = input;
        var y = TensorBuffers.EnsureLike(ref _output, input);
        Apply(input.Span, NegativeSlope, y.Span);
        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        TensorBuffers.CheckGradient(gradOutput, _output, nameof(LeakyReLU));
        var dx = TensorBuffers.EnsureLike(ref _gradInput, gradOutput);
        Backward(_input!.Span, gradOutput.Span, NegativeSlope, dx.Span);
        return dx;
    }
}
