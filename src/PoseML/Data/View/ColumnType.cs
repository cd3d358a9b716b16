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

    /// <summary>The ML.NET type: float → <c>Single</c>, int → <c>Int32</c> (vectors keep their dimensions),
    /// text → <c>Text</c>.</summary>
    public Microsoft.ML.Data.DataViewType ToDataViewType()
    {
        Microsoft.ML.Data.PrimitiveDataViewType item = Kind switch
        {
            DataKind.Float32 => Microsoft.ML.Data.NumberDataViewType.Single,
            DataKind.Int32 => Microsoft.ML.Data.NumberDataViewType.Int32,
            _ => Microsoft.ML.Data.TextDataViewType.Instance,
        };
        return Shape.Length == 0 ? item : new Microsoft.ML.Data.VectorDataViewType(item, Shape.ToArray());
    }

    /// <summary>The PoseML type of an ML.NET type, when PoseML reads it (see <see cref="ToDataViewType"/>;
    /// variable-size vectors are not read).</summary>
    public static bool TryFromDataViewType(Microsoft.ML.Data.DataViewType type, out ColumnType columnType)
    {
        ArgumentNullException.ThrowIfNull(type);
        var item = type is Microsoft.ML.Data.VectorDataViewType v ? v.ItemType : type;
        int[] shape = type is Microsoft.ML.Data.VectorDataViewType vector ? [.. vector.Dimensions] : [];
        columnType = null!;
        if (type is Microsoft.ML.Data.VectorDataViewType { IsKnownSize: false }) return false;
        if (item == Microsoft.ML.Data.NumberDataViewType.Single) columnType = Float(shape);
        else if (item == Microsoft.ML.Data.NumberDataViewType.Int32) columnType = Int(shape);
        else if (item is Microsoft.ML.Data.TextDataViewType && shape.Length == 0) columnType = Text;
        return columnType is not null;
    }
}
