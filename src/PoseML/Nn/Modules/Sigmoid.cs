using System.Numerics.Tensors;

namespace PoseML.Nn.Modules;

/// <summary>Logistic function <c>y = 1 / (1 + e^(−x))</c>, element-wise on any shape.</summary>
public sealed class Sigmoid : Module
{
    private Tensor? _output;
    private Tensor? _gradInput;

    /// <summary>y = σ(x).</summary>
    public static void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sigmoid(x, y);

    /// <summary>dx = g·y·(1 − y), from the output y.</summary>
    public static void BackwardFromOutput(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx)
    {
        for (var i = 0; i < y.Length; i++) dx[i] = g[i] * y[i] * (1f - y[i]);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        var y = TensorBuffers.EnsureLike(ref _output, input);
        Apply(input.Span, y.Span);
        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        TensorBuffers.CheckGradient(gradOutput, _output, nameof(Sigmoid));
        var dx = TensorBuffers.EnsureLike(ref _gradInput, gradOutput);
        BackwardFromOutput(_output!.Span, gradOutput.Span, dx.Span);
        return dx;
    }
}
