using System.Collections.Immutable;
using PoseML.Core;

namespace PoseML.Data.View;

/// <summary>Element type of a column.</summary>
public enum DataKind
{
    /// <summary>32-bit float (poses, keypoints, confidences, heatmaps, images).</summary>
    Float32,
    /// <summary>32-bit signed integer (camera, frame, flags, indices).</summary>
    Int32,
    /// <summary>Text (subject, action). Always scalar.</summary>
    Text,
}

/// <summary>The type of a column: element kind and the fixed per-row shape (empty for scalars),
/// e.g. <c>float[17,3]</c> for a 3D pose.</summary>
public sealed class ColumnType : IEquatable<ColumnType>
{
    private ColumnType(DataKind kind, ImmutableArray<int> shape)
    {
        foreach (var d in shape)
        {
            if (d <= 0) throw new InvalidOptionException("shape", $"column dimensions must be positive, got [{string.Join(",", shape)}]");
        }
        if (kind == DataKind.Text && shape.Length > 0)
            throw new InvalidOptionException("shape", "text columns are scalar");
        Kind = kind;
        Shape = shape;
        var n = 1L;
        foreach (var d in shape) n *= d;
        if (n > int.MaxValue) throw new InvalidOptionException("shape", $"per-row shape [{string.Join(",", shape)}] has more than {int.MaxValue} elements");
        ElementCount = (int)n;
    }

    /// <summary>Element kind.</summary>
    public DataKind Kind { get; }

    /// <summary>Per-row shape; empty for a scalar.</summary>
    public ImmutableArray<int> Shape { get; }

    /// <summary>Number of elements in one row (1 for scalars).</summary>
    public int ElementCount { get; }

    /// <summary>A float column with the given per-row shape (none for a scalar).</summary>
    public static ColumnType Float(params int[] shape) => new(DataKind.Float32, [.. shape]);

    /// <summary>An int column with the given per-row shape (none for a scalar).</summary>
    public static ColumnType Int(params int[] shape) => new(DataKind.Int32, [.. shape]);

    /// <summary>A scalar text column.</summary>
    public static ColumnType Text { get; } = new(DataKind.Text, []);

    /// <inheritdoc />
    public bool Equals(ColumnType? other) => other is not null && Kind == other.Kind && Shape.SequenceEqual(other.Shape);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ColumnType t && Equals(t);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, ElementCount, Shape.Length);

    /// <summary>E.g. <c>float[17,3]</c>, <c>int</c>, <c>text</c>.</summary>
    public override string ToString()
    {
        var name = Kind switch { DataKind.Float32 => "float", DataKind.Int32 => "int", _ => "text" };
        return Shape.Length == 0 ? name : $"{name}[{string.Join(",", Shape)}]";
    }
}
