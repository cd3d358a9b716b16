using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace PoseML.MLNet;

/// <summary>Builds the <see cref="SchemaShape"/> an estimator returns from <c>GetOutputSchema</c>. ML.NET
/// keeps <c>SchemaShape.Column</c>'s constructor internal, so third-party estimators cannot add a column to a
/// shape through public API; this is the one place PoseML reaches for it (by reflection, checked by a test
/// on the pinned Microsoft.ML version).</summary>
public static class SchemaShapes
{
    private static readonly ConstructorInfo ColumnConstructor =
        typeof(SchemaShape.Column).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, null,
            [typeof(string), typeof(SchemaShape.Column.VectorKind), typeof(DataViewType), typeof(bool), typeof(SchemaShape)], null)
        ?? throw new MissingMethodException("SchemaShape.Column(string, VectorKind, DataViewType, bool, SchemaShape) is missing: this Microsoft.ML version is not supported");

    private static readonly MethodInfo CreateFromSchema =
        typeof(SchemaShape).GetMethod("Create", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public, null, [typeof(DataViewSchema)], null)
        ?? throw new MissingMethodException("SchemaShape.Create(DataViewSchema) is missing: this Microsoft.ML version is not supported");

    /// <summary>The shape of <paramref name="schema"/> as ML.NET builds it before fitting (ML.NET's internal
    /// <c>SchemaShape.Create</c>: visible columns with their annotations), for checking an estimator against data
    /// with <c>GetOutputSchema</c> before any row is read.</summary>
    public static SchemaShape Of(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return (SchemaShape)CreateFromSchema.Invoke(null, [schema])!;
    }

    /// <summary>A shape column for <paramref name="type"/> (vector kinds follow the type's known size).</summary>
    public static SchemaShape.Column Column(string name, DataViewType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var (kind, item) = type switch
        {
            VectorDataViewType v => (v.IsKnownSize ? SchemaShape.Column.VectorKind.Vector : SchemaShape.Column.VectorKind.VariableVector, (DataViewType)v.ItemType),
            _ => (SchemaShape.Column.VectorKind.Scalar, type),
        };
        return (SchemaShape.Column)ColumnConstructor.Invoke([name, kind, item, false, null]);
    }

    /// <summary><paramref name="input"/> with <paramref name="added"/> appended, replacing same-named columns,
    /// and <paramref name="dropped"/> removed.</summary>
    public static SchemaShape With(SchemaShape input, IEnumerable<(string Name, DataViewType Type)> added, IEnumerable<string>? dropped = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = input.ToDictionary(c => c.Name);
        foreach (var name in dropped ?? []) columns.Remove(name);
        foreach (var (name, type) in added) columns[name] = Column(name, type);
        return new SchemaShape(columns.Values);
    }
}
