using PoseML.Core;

namespace PoseML.Nn.Serialization;

/// <summary>One named entry of a safetensors file. Floating-point entries (F32, F64, F16, BF16) are
/// held as float32 in <see cref="Floats"/>; integer entries (I64, I32, I16, I8, U8, BOOL) as
/// <see cref="Integers"/> (e.g. BatchNorm's <c>num_batches_tracked</c>).</summary>
public sealed record SafeTensor
{
    /// <summary>The dtype as stored (e.g. <c>F32</c>, <c>I64</c>).</summary>
    public required string DType { get; init; }

    /// <summary>The shape.</summary>
    public required int[] Shape { get; init; }

    /// <summary>Values of a floating-point entry, row-major; null for integer entries.</summary>
    public float[]? Floats { get; init; }

    /// <summary>Values of an integer entry, row-major; null for floating-point entries.</summary>
    public long[]? Integers { get; init; }

    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);

    /// <summary>A float32 entry.</summary>
    public static SafeTensor Float32(float[] values, params int[] shape) => new() { DType = "F32", Shape = shape, Floats = values };

    /// <summary>An int64 entry.</summary>
    public static SafeTensor Int64(long[] values, params int[] shape) => new() { DType = "I64", Shape = shape, Integers = values };

    /// <summary>Throws when a floating-point tensor holds NaN or an infinity (weights of a diverged or damaged
    /// model), naming <paramref name="source"/>, the tensor and the first bad element.</summary>
    internal static void RequireFinite(SafeTensor tensor, string name, string source)
    {
        if (tensor.Floats is not { } values) return;
        var bad = 0;
        var first = -1;
        for (var i = 0; i < values.Length; i++)
        {
            if (float.IsFinite(values[i])) continue;
            if (first < 0) first = i;
            bad++;
        }
        if (first >= 0)
            throw new DataFormatException(source, $"tensor holds {bad} non-finite value(s) ({values[first].ToString(System.Globalization.CultureInfo.InvariantCulture)} at element {first} of shape [{string.Join(",", tensor.Shape)}]); expected finite weights — the model diverged in training or is damaged", field: name);
    }
}
