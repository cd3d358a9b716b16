using System.Numerics;
using System.Numerics.Tensors;

namespace PoseML.Nn.Modules;

/// <summary>Rectified linear unit <c>y = max(x, 0)</c>, element-wise on any shape. The gradient is
/// passed where the output is positive (PyTorch's convention: 0 at x = 0).</summary>
public sealed class ReLU : Module
{
    private Tensor? _output;
    private Tensor? _gradInput;

    /// <summary>y = max(x, 0).</summary>
    public static void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Max(x, 0f, y);

    /// <summary>dx = g where y &gt; 0, else 0.</summary>
    public static void BackwardFromOutput(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            for (; i <= y.Length - w; i += w)
            {
                var mask = Vector.GreaterThan(new Vector<float>(y[i..]), Vector<float>.Zero);
                Vector.ConditionalSelect(mask, new Vector<float>(g[i..]), Vector<float>.Zero).CopyTo(dx[i..]);
            }
        }
        for (; i < y.Length; i++) dx[i] = y[i] > 0 ? g[i] : 0f;
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
        TensorBuffers.CheckGradient(gradOutput, _output, nameof(ReLU));
        var dx = TensorBuffers.EnsureLike(ref _gradInput, gradOutput);
        BackwardFromOutput(_output!.Span, gradOutput.Span, dx.Span);
        return dx;
    }
}
