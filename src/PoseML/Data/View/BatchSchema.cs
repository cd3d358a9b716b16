using System.Collections;
using PoseML.Core;

namespace PoseML.Data.View;

/// <summary>The ordered, named, typed columns of a data view. Names are unique (ordinal).</summary>
public sealed class BatchSchema : IReadOnlyList<BatchSchema.Column>
{
    private readonly Column[] _columns;
    private readonly Dictionary<string, int> _byName;

    /// <summary>One column: its name, type and position.</summary>
    public sealed record Column(string Name, ColumnType Type, int Index)
    {
        /// <summary>E.g. <c>Pose3D: float[17,3]</c>.</summary>
        public override string ToString() => $"{Name}: {Type}";
    }

    /// <summary>Creates a schema from (name, type) pairs.</summary>
    public BatchSchema(IEnumerable<(string Name, ColumnType Type)> columns)
    {
        var list = columns.ToList();
        _columns = new Column[list.Count];
        _byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(list[i].Name))
                throw new InvalidOptionException("column", "column names must not be empty");
            if (!_byName.TryAdd(list[i].Name, i))
                throw new SchemaMismatchException(list[i].Name, "appears twice in the schema");
            _columns[i] = new Column(list[i].Name, list[i].Type, i);
        }
    }

    /// <summary>Number of columns.</summary>
    public int Count => _columns.Length;

    /// <summary>The column at <paramref name="index"/>.</summary>
    public Column this[int index] => _columns[index];

    /// <summary>The column called <paramref name="name"/>.</summary>
    /// <exception cref="SchemaMismatchException">No such column; the message lists the columns present.</exception>
    public Column this[string name] =>
        _byName.TryGetValue(name, out var i)
            ? _columns[i]
            : throw new SchemaMismatchException(name, $"not found; the data has {Describe()}");

    /// <summary>Looks a column up without throwing.</summary>
    public bool TryGetColumn(string name, out Column column)
    {
        if (_byName.TryGetValue(name, out var i))
        {
            column = _columns[i];
            return true;
        }
        column = null!;
        return false;
    }

    /// <summary>Checks that column <paramref name="name"/> exists with exactly <paramref name="expected"/>
    /// type, before any data is read.</summary>
    /// <exception cref="SchemaMismatchException">Missing, or of another kind or shape.</exception>
    public Column Require(string name, ColumnType expected)
    {
        var c = this[name];
        if (!c.Type.Equals(expected))
            throw new SchemaMismatchException(name, $"expected {expected}, found {c.Type}");
        return c;
    }

    /// <summary>Checks that column <paramref name="name"/> exists with element kind <paramref name="kind"/>
    /// and rank <paramref name="rank"/> (any sizes).</summary>
    public Column Require(string name, DataKind kind, int rank)
    {
        var c = this[name];
        if (c.Type.Kind != kind || c.Type.Shape.Length != rank)
        {
            var what = kind switch { DataKind.Float32 => "float", DataKind.Int32 => "int", _ => "text" };
            throw new SchemaMismatchException(name, $"expected a {what} column of rank {rank}, found {c.Type}");
        }
        return c;
    }

    /// <summary>A new schema with <paramref name="added"/> appended; a column of the same name is replaced
    /// in place (ML.NET hides the older column the same way).</summary>
    public BatchSchema With(params (string Name, ColumnType Type)[] added)
    {
        var cols = _columns.Select(c => (c.Name, c.Type)).ToList();
        foreach (var a in added)
        {
            var i = cols.FindIndex(c => c.Name == a.Name);
            if (i >= 0) cols[i] = a;
            else cols.Add(a);
        }
        return new BatchSchema(cols);
    }

    /// <summary>A new schema with only the named columns, in the given order.</summary>
    public BatchSchema Select(IEnumerable<string> names) => new(names.Select(n => (n, this[n].Type)));

    /// <summary>E.g. <c>columns Subject: text, Pose3D: float[17,3]</c>.</summary>
    public string Describe() => Count == 0 ? "no columns" : "columns " + string.Join(", ", _columns.Select(c => c.ToString()));

    /// <inheritdoc />
    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)_columns).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => Describe();

    /// <summary>The ML.NET schema of these columns (visible columns only).</summary>
    public Microsoft.ML.DataViewSchema ToDataViewSchema()
    {
        var builder = new Microsoft.ML.DataViewSchema.Builder();
        foreach (var c in _columns) builder.AddColumn(c.Name, c.Type.ToDataViewType());
        return builder.ToSchema();
    }

    /// <summary>The columns of an ML.NET schema that PoseML reads (float, int and text scalars and
    /// fixed-size float/int vectors; hidden and other columns are left out).</summary>
    public static BatchSchema FromDataViewSchema(Microsoft.ML.DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var columns = new List<(string, ColumnType)>();
        foreach (var c in schema)
        {
            if (c.IsHidden) continue;
            if (ColumnType.TryFromDataViewType(c.Type, out var type)) columns.Add((c.Name, type));
        }
        return new BatchSchema(columns);
    }
}
