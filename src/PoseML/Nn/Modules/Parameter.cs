namespace PoseML.Nn.Modules;

/// <summary>A trainable tensor and its accumulated gradient (same shape). Backward passes add into
/// <see cref="Grad"/>; <see cref="Module.ZeroGrad"/> clears it. A frozen parameter
/// (<see cref="RequiresGrad"/> false) accumulates no gradient and is skipped by optimisers.</summary>
public sealed class Parameter
{
    /// <summary>Wraps <paramref name="value"/> (not copied) and allocates a zero gradient.</summary>
    public Parameter(Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
        Grad = Tensor.Zeros(value.Shape);
    }

    /// <summary>The values.</summary>
    public Tensor Value { get; }

    /// <summary>The gradient accumulated since the last <see cref="ZeroGrad"/>.</summary>
    public Tensor Grad { get; }

    /// <summary>Whether backward passes accumulate a gradient and optimisers update this parameter.</summary>
    public bool RequiresGrad { get; set; } = true;

    /// <summary>Number of elements.</summary>
    public int Length => Value.Length;

    /// <summary>Sets the gradient to zero.</summary>
    public void ZeroGrad() => Grad.Span.Clear();

    /// <inheritdoc />
    public override string ToString() => $"Parameter[{string.Join(",", Value.Shape)}]";
}
