using System.Numerics.Tensors;
using PoseML.Core;

namespace PoseML.Nn.Losses;

/// <summary>Softmax cross-entropy on logits [batch, classes] and class indices (PyTorch's
/// <c>nn.CrossEntropyLoss()</c>, reduction mean): <c>L = mean_b(logsumexp(z_b) − z_b[y_b])</c>, computed
/// stably by subtracting each row's maximum. The gradient is (softmax(z) − onehot(y))/batch.</summary>
public sealed class CrossEntropyLoss
{
    private Tensor? _gradient;

    /// <summary>∂L/∂logits of the last <see cref="Forward"/>; valid until the next call.</summary>
    public Tensor Gradient => _gradient ?? throw new InvalidOperationException("call Forward first");

    /// <summary>Returns the loss and computes its gradient.</summary>
    public float Forward(Tensor logits, ReadOnlySpan<int> targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Rank != 2 || logits.Shape[0] == 0 || logits.Shape[1] == 0)
            throw new InvalidOptionException(nameof(logits), $"CrossEntropyLoss expects non-empty [batch, classes], got [{string.Join(",", logits.Shape)}]");
        var grad = Losses.LossChecks.Ensure(ref _gradient, logits);
        return Compute(logits.Span, logits.Shape[1], targets, grad.Span);
    }

    /// <summary>The mean cross-entropy of row-major logits with <paramref name="classes"/> columns; writes the gradient.</summary>
    public static float Compute(ReadOnlySpan<float> logits, int classes, ReadOnlySpan<int> targets, Span<float> gradient)
    {
        var batch = logits.Length / classes;
        if (targets.Length != batch)
            throw new InvalidOptionException(nameof(targets), $"expected {batch} class indices (one per row), got {targets.Length}");
        double total = 0;
        for (var b = 0; b < batch; b++)
        {
            var t = targets[b];
            if ((uint)t >= (uint)classes)
                throw new InvalidOptionException(nameof(targets), $"class index {t} at row {b} is outside [0, {classes})");
            var z = logits.Slice(b * classes, classes);
            var g = gradient.Slice(b * classes, classes);
            var max = TensorPrimitives.Max(z);
            TensorPrimitives.Subtract(z, max, g);
            TensorPrimitives.Exp(g, g);
            var sum = TensorPrimitives.Sum(g);
            total += Math.Log(sum) + max - z[t];
            TensorPrimitives.Multiply(g, 1f / (sum * batch), g);
            g[t] -= 1f / batch;
        }
        return (float)(total / batch);
    }
}
