using System.Numerics.Tensors;

namespace PoseML.Nn.Losses;

/// <summary>Mean absolute error <c>L = mean(|p − t|)</c> (PyTorch's <c>nn.L1Loss()</c>, reduction
/// mean); the gradient is sign(p − t)/n, 0 where p = t.</summary>
public sealed class L1Loss
{
    private Tensor? _gradient;

    /// <summary>∂L/∂prediction of the last <see cref="Forward"/>; valid until the next call.</summary>
    public Tensor Gradient => _gradient ?? throw new InvalidOperationException("call Forward first");

    /// <summary>Returns the loss and computes its gradient.</summary>
    public float Forward(Tensor prediction, Tensor target)
    {
        LossChecks.SameShape(prediction, target, nameof(L1Loss));
        var grad = LossChecks.Ensure(ref _gradient, prediction);
        return Compute(prediction.Span, target.Span, grad.Span);
    }

    /// <summary>mean(|p − t|); writes the gradient sign(p − t)/n.</summary>
    public static float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient)
    {
        TensorPrimitives.Subtract(prediction, target, gradient);
        var n = prediction.Length;
        var loss = TensorPrimitives.SumOfMagnitudes(gradient) / n;
        var inv = 1f / n;
        for (var i = 0; i < gradient.Length; i++)
        {
            var d = gradient[i];
            gradient[i] = d > 0 ? inv : d < 0 ? -inv : 0f;
        }
        return loss;
    }
}
