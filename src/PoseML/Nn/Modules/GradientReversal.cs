using System.Numerics.Tensors;

namespace PoseML.Nn.Modules;

/// <summary>Gradient reversal layer (Ganin &amp; Lempitsky 2015): the identity in the forward pass
/// (returns its input), <c>−λ·g</c> in the backward pass.</summary>
public sealed class GradientReversal : Module
{
    private Tensor? _gradInput;
    private bool _forwardCalled;

    /// <summary>Creates the layer with scale λ.</summary>
    public GradientReversal(float lambda = 1f) => Lambda = lambda;

    /// <summary>The scale λ of the reversed gradient; may be changed during training (annealing).</summary>
    public float Lambda { get; set; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _forwardCalled = true;
        return input;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (!_forwardCalled) throw new PoseML.Core.InvalidOptionException(nameof(gradOutput), "GradientReversal.Backward called before Forward");
        var dx = TensorBuffers.EnsureLike(ref _gradInput, gradOutput);
        TensorPrimitives.Multiply(gradOutput.Span, -Lambda, dx.Span);
        return dx;
    }
}
