using System.Numerics.Tensors;
using PoseML.Core;
using PoseML.Nn.Modules;

namespace PoseML.Nn.Optim;

/// <summary>Constraints applied between steps: a max-norm bound on weight rows (Martinez et al.) and
/// gradient clipping by global norm (PyTorch's <c>clip_grad_norm_</c>).</summary>
public static class ParameterConstraints
{
    /// <summary>Rescales every row (last dimension; for [out, in] weights, each output unit's incoming
    /// weights) whose L2 norm exceeds <paramref name="maxNorm"/> to norm <paramref name="maxNorm"/>
    /// (PyTorch's <c>renorm</c>: factor maxNorm/(norm + 1e-7)). Returns the number of rows rescaled.</summary>
    public static int MaxNorm(Tensor weight, float maxNorm)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (!(maxNorm > 0)) throw new InvalidOptionException(nameof(maxNorm), $"must be positive, got {maxNorm}");
        if (weight.Rank < 2) throw new InvalidOptionException(nameof(weight), $"needs rows (rank ≥ 2), got [{string.Join(",", weight.Shape)}]");
        var cols = weight.Shape[^1];
        var w = weight.Span;
        var rescaled = 0;
        for (var r = 0; r < w.Length / cols; r++)
        {
            var row = w.Slice(r * cols, cols);
            var norm = TensorPrimitives.Norm(row);
            if (norm > maxNorm)
            {
                TensorPrimitives.Multiply(row, maxNorm / (norm + 1e-7f), row);
                rescaled++;
            }
        }
        return rescaled;
    }

    /// <summary>Scales the gradients of the trainable parameters so their global L2 norm is at most
    /// <paramref name="maxNorm"/> (factor maxNorm/(norm + 1e-6) when below 1). Returns the norm before clipping.</summary>
    public static double ClipGradientNorm(IReadOnlyList<Parameter> parameters, float maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm > 0)) throw new InvalidOptionException(nameof(maxNorm), $"must be positive, got {maxNorm}");
        double sum = 0;
        for (var i = 0; i < parameters.Count; i++)
        {
            if (!parameters[i].RequiresGrad) continue;
            double n = TensorPrimitives.Norm(parameters[i].Grad.Span);
            sum += n * n;
        }
        var total = Math.Sqrt(sum);
        var coef = maxNorm / (total + 1e-6);
        if (coef < 1)
        {
            for (var i = 0; i < parameters.Count; i++)
                if (parameters[i].RequiresGrad) TensorPrimitives.Multiply(parameters[i].Grad.Span, (float)coef, parameters[i].Grad.Span);
        }
        return total;
    }
}
