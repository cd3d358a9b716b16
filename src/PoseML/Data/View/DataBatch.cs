using PoseML.Core;

namespace PoseML.Data.View;

/// <summary>A run of consecutive rows of a data view, column by column. Batches are what cursors
/// yield; stages compute on whole batches (GEMM-friendly), never row by row.</summary>
public sealed class DataBatch
{
    private readonly ColumnBuffer[] _buffers;

    /// <summary>Creates a batch. <paramref name="buffers"/>[i] holds schema column i for
    /// <paramref name="rowCount"/> rows.</summary>
    public DataBatch(BatchSchema schema, int rowCount, long startRow, IReadOnlyList<ColumnBuffer> buffers)
    {
        if (buffers.Count != schema.Count)
            throw new ArgumentException($"a batch of {schema.Count} columns needs {schema.Count} buffers, got {buffers.Count}");
        for (var i = 0; i < schema.Count; i++)
        {
            var c = schema[i];
            if (buffers[i].Kind != c.Type.Kind)
                throw new SchemaMismatchException(c.Name, $"buffer holds {buffers[i].Kind} values, the schema says {c.Type}");
            if (buffers[i].Length != rowCount * c.Type.ElementCount)
                throw new SchemaMismatchException(c.Name, $"expected {rowCount} rows of {c.Type.ElementCount} values ({rowCount * c.Type.ElementCount}), buffer holds {buffers[i].Length}");
        }
        Schema = schema;
        RowCount = rowCount;
        StartRow = startRow;
        _buffers = buffers.ToArray();
    }

    /// <summary>The columns present in this batch.</summary>
    public BatchSchema Schema { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Position of the first row in the data view it came from.</summary>
    public long StartRow { get; }

    /// <summary>The raw buffer of a column.</summary>
    public ColumnBuffer Buffer(string column) => _buffers[Schema[column].Index];

    /// <summary>The raw buffer of column <paramref name="index"/>.</summary>
    public ColumnBuffer Buffer(int index) => _buffers[index];

    /// <summary>Float values of a column, row-major (<c>RowCount × ElementCount</c>).</summary>
    public ReadOnlySpan<float> GetFloats(string column) => GetFloatMemory(column).Span;

    /// <summary>Float values of a column as memory (for use across awaits or in parallel loops).</summary>
    public ReadOnlyMemory<float> GetFloatMemory(string column) => Checked(column, DataKind.Float32).Floats;

    /// <summary>Int values of a column, row-major.</summary>
    public ReadOnlySpan<int> GetInts(string column) => Checked(column, DataKind.Int32).Ints.Span;

    /// <summary>Text values of a column, one per row.</summary>
    public ReadOnlySpan<string> GetTexts(string column) => Checked(column, DataKind.Text).Texts.Span;

    /// <summary>A batch with the given columns added (or replaced, by name).</summary>
    public DataBatch With(params (string Name, ColumnType Type, ColumnBuffer Values)[] columns)
    {
        var schema = Schema.With(columns.Select(c => (c.Name, c.Type)).ToArray());
        var buffers = new ColumnBuffer[schema.Count];
        for (var i = 0; i < Schema.Count; i++) buffers[i] = _buffers[i];
        foreach (var c in columns) buffers[schema[c.Name].Index] = c.Values;
        return new DataBatch(schema, RowCount, StartRow, buffers);
    }

    /// <summary>A batch of only the named columns (no copy).</summary>
    public DataBatch SelectColumns(BatchSchema subset) =>
        new(subset, RowCount, StartRow, subset.Select(c => _buffers[Schema[c.Name].Index]).ToArray());

    /// <summary>A new batch holding only the given rows, copied, in the given order.</summary>
    public DataBatch SelectRows(ReadOnlySpan<int> rows, long startRow)
    {
        var buffers = new ColumnBuffer[Schema.Count];
        for (var i = 0; i < Schema.Count; i++) buffers[i] = _buffers[i].SelectRows(rows, Schema[i].Type.ElementCount);
        return new DataBatch(Schema, rows.Length, startRow, buffers);
    }

    /// <summary>The same rows and buffers, numbered from <paramref name="startRow"/>.</summary>
    public DataBatch Renumber(long startRow) => startRow == StartRow ? this : new DataBatch(Schema, RowCount, startRow, _buffers);

    /// <summary>Rows <c>[start, start + count)</c> of this batch, without copying.</summary>
    public DataBatch Slice(int start, int count)
    {
        var buffers = new ColumnBuffer[Schema.Count];
        for (var i = 0; i < Schema.Count; i++)
        {
            var size = Schema[i].Type.ElementCount;
            buffers[i] = _buffers[i].Slice(start * size, count * size);
        }
        return new DataBatch(Schema, count, StartRow + start, buffers);
    }

    private ColumnBuffer Checked(string column, DataKind kind)
    {
        var c = Schema[column];
        if (c.Type.Kind != kind)
            throw new SchemaMismatchException(column, $"is {c.Type}, read as {kind}");
        return _buffers[c.Index];
    }
}
