using PoseML.Core;

namespace PoseML.Nn.Modules;

/// <summary>Module-owned output/gradient buffers: created on first use and reshaped only when the
/// shape changes, so steady-state training allocates nothing.</summary>
internal static class TensorBuffers
{
    /// <summary>A [rows, cols] buffer.</summary>
    public static Tensor Ensure(ref Tensor? buffer, int rows, int cols)
    {
        if (buffer is null) return buffer = Tensor.Zeros(rows, cols);
        var s = buffer.Shape;
        if (s.Length != 2 || s[0] != rows || s[1] != cols) buffer.Resize(rows, cols);
        return buffer;
    }

    /// <summary>A buffer shaped like <paramref name="like"/>.</summary>
    public static Tensor EnsureLike(ref Tensor? buffer, Tensor like)
    {
        if (buffer is null) return buffer = Tensor.Zeros(like.Shape);
        if (!buffer.Shape.AsSpan().SequenceEqual(like.Shape)) buffer.Resize(like.Shape);
        return buffer;
    }

    /// <summary>A [features] vector.</summary>
    public static float[] EnsureVector(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length != length) buffer = new float[length];
        return buffer;
    }

    /// <summary>Checks that <paramref name="input"/> is [batch, <paramref name="features"/>].</summary>
    public static void CheckMatrix(Tensor input, int features, string module)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2 || input.Shape[1] != features)
            throw new InvalidOptionException("input", $"{module} expects [batch, {features}], got [{string.Join(",", input.Shape)}]");
    }

    /// <summary>Checks that a gradient has the shape of the output it belongs to.</summary>
    public static void CheckGradient(Tensor gradOutput, Tensor? output, string module)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (output is null)
            throw new InvalidOptionException("gradOutput", $"{module}.Backward called before Forward");
        if (!gradOutput.Shape.AsSpan().SequenceEqual(output.Shape))
            throw new InvalidOptionException("gradOutput", $"{module} produced [{string.Join(",", output.Shape)}], the gradient is [{string.Join(",", gradOutput.Shape)}]");
    }

    /// <summary>Adds the column sums of a [rows, cols] matrix into <paramref name="sums"/>.</summary>
    public static void AddColumnSums(ReadOnlySpan<float> matrix, int rows, int cols, Span<float> sums)
    {
        for (var r = 0; r < rows; r++)
            System.Numerics.Tensors.TensorPrimitives.Add(sums, matrix.Slice(r * cols, cols), sums);
    }
}
