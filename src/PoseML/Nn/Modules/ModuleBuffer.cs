namespace PoseML.Nn.Modules;

/// <summary>Non-trainable state saved in a state dict: a float tensor (BatchNorm's
/// <c>running_mean</c>, <c>running_var</c>) or int64 values (<c>num_batches_tracked</c>, a scalar of
/// shape []).</summary>
public sealed class ModuleBuffer
{
    /// <summary>A float buffer wrapping <paramref name="value"/> (not copied).</summary>
    public ModuleBuffer(Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Floats = value;
        Shape = (int[])value.Shape.Clone();
    }

    /// <summary>An int64 buffer wrapping <paramref name="values"/> (not copied) with the given shape.</summary>
    public ModuleBuffer(long[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        Integers = values;
        Shape = (int[])shape.Clone();
    }

    /// <summary>The float values, or null for an int64 buffer.</summary>
    public Tensor? Floats { get; }

    /// <summary>The int64 values, or null for a float buffer.</summary>
    public long[]? Integers { get; }

    /// <summary>The shape (empty for a scalar).</summary>
    public int[] Shape { get; }
}
