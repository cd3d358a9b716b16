using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;

namespace PoseML.MLNet;

/// <summary>ML.NET column types of PoseML's data model: fixed-size <see cref="VectorDataViewType"/>s of
/// <see cref="float"/> whose dimensions carry the joint count, so a pipeline checks shapes from the schema
/// before it reads a row.</summary>
public static class PoseColumnTypes
{
    /// <summary>A 3D pose column type, float [<paramref name="joints"/>, 3] (mm).</summary>
    public static VectorDataViewType Pose3D(int joints) => Vector(joints, 3);

    /// <summary>A 2D keypoint column type, float [<paramref name="joints"/>, 2] (pixels).</summary>
    public static VectorDataViewType Keypoints2D(int joints) => Vector(joints, 2);

    /// <summary>A per-joint column type, float [<paramref name="joints"/>] (confidence).</summary>
    public static VectorDataViewType PerJoint(int joints) => Vector(joints);

    /// <summary>A float vector type with the given dimensions.</summary>
    public static VectorDataViewType Vector(params int[] dimensions) => new(NumberDataViewType.Single, dimensions);

    /// <summary>An int vector type with the given dimensions (flags such as missing joints).</summary>
    public static VectorDataViewType IntVector(params int[] dimensions) => new(NumberDataViewType.Int32, dimensions);

    /// <summary>Describes a type the way errors and documentation write it: <c>float[17,3]</c>, <c>float[]</c>, <c>text</c>.</summary>
    public static string Describe(DataViewType type) => type switch
    {
        VectorDataViewType v => $"{Describe(v.ItemType)}[{(v.IsKnownSize ? string.Join(",", v.Dimensions) : "")}]",
        _ when type == NumberDataViewType.Single => "float",
        _ when type == NumberDataViewType.Int32 => "int",
        _ when type == NumberDataViewType.Double => "double",
        TextDataViewType => "text",
        _ => type.ToString() ?? type.GetType().Name,
    };

    /// <summary>Finds float vector column <paramref name="name"/> of <paramref name="schema"/> and checks its
    /// size is the product of <paramref name="dimensions"/> (a variable-size vector is accepted and checked row
    /// by row). Returns the column.</summary>
    /// <exception cref="SchemaMismatchException">The column is missing or is not such a vector.</exception>
    public static DataViewSchema.Column RequireFloatVector(DataViewSchema schema, string name, params int[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var expected = Describe(Vector(dimensions));
        var column = schema.GetColumnOrNull(name)
            ?? throw new SchemaMismatchException(name, $"missing; expected {expected} (columns present: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))})");
        if (column.Type is not VectorDataViewType v || v.ItemType != NumberDataViewType.Single)
            throw new SchemaMismatchException(name, $"expected {expected}, found {Describe(column.Type)}");
        var size = dimensions.Aggregate(1, (a, d) => a * d);
        if (v.IsKnownSize && v.Size != size)
            throw new SchemaMismatchException(name, $"expected {expected}, found {Describe(v)}");
        return column;
    }

    /// <summary>Checks the <see cref="SchemaShape"/> form of <see cref="RequireFloatVector(DataViewSchema, string, int[])"/>
    /// (a shape knows kinds, not sizes).</summary>
    /// <exception cref="SchemaMismatchException">The column is missing or is not a float vector.</exception>
    public static void RequireFloatVector(SchemaShape shape, string name, params int[] dimensions) =>
        RequireFloatVector(shape, name, Describe(Vector(dimensions)));

    /// <summary>Checks that <paramref name="shape"/> has a float vector column <paramref name="name"/>; errors
    /// describe the expected column as <paramref name="expected"/> (e.g. <c>float[J,H,W]</c>, for shapes whose
    /// sizes are only known from the data).</summary>
    /// <exception cref="SchemaMismatchException">The column is missing or is not a float vector.</exception>
    public static void RequireFloatVector(SchemaShape shape, string name, string expected)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var found = shape.Where(c => c.Name == name).ToArray();
        if (found.Length == 0)
            throw new SchemaMismatchException(name, $"missing; expected {expected} (columns present: {string.Join(", ", shape.Select(c => c.Name))})");
        var column = found[^1];
        if (column.Kind == SchemaShape.Column.VectorKind.Scalar || column.ItemType != NumberDataViewType.Single)
            throw new SchemaMismatchException(name, $"expected {expected}, found {Describe(column.ItemType)}{(column.Kind == SchemaShape.Column.VectorKind.Scalar ? "" : "[]")}");
    }
}
