using Microsoft.ML;
using PoseML.Core;

namespace PoseML.Data.View;

/// <summary>A data view whose columns are held in arrays. Batches are slices of those arrays, so
/// reading costs no copy. Build one with <see cref="DataViewBuilder"/> or <see cref="DataViews.Cache"/>.</summary>
public sealed class InMemoryDataView : BatchDataView
{
    private readonly ColumnBuffer[] _columns;

    /// <summary>Creates the view; <paramref name="columns"/>[i] holds every row of schema column i.</summary>
    public InMemoryDataView(BatchSchema schema, int rowCount, IReadOnlyList<ColumnBuffer> columns)
    {
        // Validation lives in DataBatch: one batch of all rows checks kinds and lengths.
        _ = new DataBatch(schema, rowCount, 0, columns);
        Columns = schema;
        Rows = rowCount;
        _columns = columns.ToArray();
    }

    /// <inheritdoc />
    public override BatchSchema Columns { get; }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <inheritdoc />
    public override long? RowCount => Rows;

    /// <summary>All values of a column.</summary>
    public ColumnBuffer Column(string name) => _columns[Columns[name].Index];

    /// <inheritdoc />
    public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns)
    {
        DataViews.CheckBatchSize(batchSize);
        var all = new DataBatch(Columns, Rows, 0, _columns);
        return Iterate(all, batchSize);
    }

    private static IEnumerable<DataBatch> Iterate(DataBatch all, int batchSize)
    {
        for (var start = 0; start < all.RowCount; start += batchSize)
            yield return all.Slice(start, Math.Min(batchSize, all.RowCount - start));
    }
}

/// <summary>Builds an <see cref="InMemoryDataView"/> column by column.</summary>
public sealed class DataViewBuilder
{
    private readonly List<(string Name, ColumnType Type, ColumnBuffer Values)> _columns = [];
    private int? _rows;

    /// <summary>Adds a float column; <paramref name="values"/> holds rows × product(shape) values.</summary>
    public DataViewBuilder AddFloat(string name, float[] values, params int[] shape) => Add(name, ColumnType.Float(shape), ColumnBuffer.Of(values));

    /// <summary>Adds an int column; <paramref name="values"/> holds rows × product(shape) values.</summary>
    public DataViewBuilder AddInt(string name, int[] values, params int[] shape) => Add(name, ColumnType.Int(shape), ColumnBuffer.Of(values));

    /// <summary>Adds a text column, one value per row.</summary>
    public DataViewBuilder AddText(string name, string[] values) => Add(name, ColumnType.Text, ColumnBuffer.Of(values));

    /// <summary>Adds a column of any type.</summary>
    public DataViewBuilder Add(string name, ColumnType type, ColumnBuffer values)
    {
        if (values.Length % type.ElementCount != 0)
            throw new SchemaMismatchException(name, $"holds {values.Length} values, not a whole number of rows of {type}");
        var rows = values.Length / type.ElementCount;
        if (_rows is { } r && r != rows)
            throw new SchemaMismatchException(name, $"has {rows} rows, earlier columns have {r}");
        _rows = rows;
        _columns.Add((name, type, values));
        return this;
    }

    /// <summary>The view (zero rows if no column was added).</summary>
    public InMemoryDataView Build() =>
        new(new BatchSchema(_columns.Select(c => (c.Name, c.Type))), _rows ?? 0, _columns.Select(c => c.Values).ToArray());
}
