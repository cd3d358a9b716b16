using PoseML.Core;

namespace PoseML.Nn;

/// <summary>A dense float32 tensor, contiguous and row-major. The first dimension is the batch
/// (or row) dimension by convention.</summary>
public sealed class Tensor
{
    /// <summary>Wraps <paramref name="data"/> (not copied) as a tensor of the given shape.</summary>
    public Tensor(float[] data, params int[] shape)
    {
        Shape = (int[])shape.Clone();
        Length = CheckedLength(shape);
        if (data.Length < Length)
            throw new InvalidOptionException(nameof(data), $"shape [{string.Join(",", shape)}] needs {Length} values, the array holds {data.Length}");
        Data = data;
    }

    /// <summary>A zero tensor of the given shape.</summary>
    public static Tensor Zeros(params int[] shape) => new(new float[CheckedLength(shape)], shape);

    /// <summary>Dimensions.</summary>
    public int[] Shape { get; private set; }

    /// <summary>Number of elements.</summary>
    public int Length { get; private set; }

    /// <summary>Backing array; may be longer than <see cref="Length"/>.</summary>
    public float[] Data { get; private set; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>The elements.</summary>
    public Span<float> Span => Data.AsSpan(0, Length);

    /// <summary>Size of dimension <paramref name="i"/>.</summary>
    public int Dim(int i) => Shape[i];

    /// <summary>Elements per entry of the first dimension (product of the other dimensions).</summary>
    public int RowSize => Rank == 0 ? 1 : Length / Math.Max(1, Shape[0]);

    /// <summary>Reinterprets the same data under another shape with as many elements (no copy).</summary>
    public Tensor Reshape(params int[] shape)
    {
        var n = CheckedLength(shape);
        if (n != Length)
            throw new InvalidOptionException(nameof(shape), $"cannot reshape [{string.Join(",", Shape)}] ({Length} elements) to [{string.Join(",", shape)}] ({n})");
        return new Tensor(Data, shape);
    }

    /// <summary>Changes this tensor's shape in place, reusing the backing array when it is large enough
    /// (so a buffer kept across training steps allocates only when the batch grows).</summary>
    public void Resize(params int[] shape)
    {
        var n = CheckedLength(shape);
        if (n > Data.Length) Data = new float[n];
        Shape = (int[])shape.Clone();
        Length = n;
    }

    /// <summary>A deep copy.</summary>
    public Tensor Clone() => new(Span.ToArray(), Shape);

    /// <inheritdoc />
    public override string ToString() => $"Tensor[{string.Join(",", Shape)}]";

    private static int CheckedLength(int[] shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new InvalidOptionException(nameof(shape), $"dimensions must be non-negative, got [{string.Join(",", shape)}]");
            n *= d;
        }
        if (n > Array.MaxLength) throw new InvalidOptionException(nameof(shape), $"[{string.Join(",", shape)}] has more than {Array.MaxLength} elements");
        return (int)n;
    }
}
