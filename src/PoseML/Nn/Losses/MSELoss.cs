using System.Numerics.Tensors;

namespace PoseML.Nn.Losses;

/// <summary>Mean squared error <c>L = mean((p − t)²)</c> over every element (PyTorch's
/// <c>nn.MSELoss()</c>, reduction mean). <see cref="Forward"/> returns L and writes ∂L/∂p into
/// <see cref="Gradient"/> (a reused buffer).</summary>
public sealed class MSELoss
{
    private Tensor? _gradient;

    /// <summary>∂L/∂prediction of the last <see cref="Forward"/>; valid until the next call.</summary>
    public Tensor Gradient => _gradient ?? throw new InvalidOperationException("call Forward first");

    /// <summary>Returns the loss and computes its gradient.</summary>
    public float Forward(Tensor prediction, Tensor target)
    {
        LossChecks.SameShape(prediction, target, nameof(MSELoss));
        var grad = LossChecks.Ensure(ref _gradient, prediction);
        return Compute(prediction.Span, target.Span, grad.Span);
    }

    /// <summary>mean((p − t)²); writes the gradient 2(p − t)/n.</summary>
    public static float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient)
    {
        TensorPrimitives.Subtract(prediction, target, gradient);
        var n = prediction.Length;
        var loss = TensorPrimitives.SumOfSquares(gradient) / n;
        TensorPrimitives.Multiply(gradient, 2f / n, gradient);
        return loss;
    }
}
