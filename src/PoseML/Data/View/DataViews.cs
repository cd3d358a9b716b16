using Microsoft.ML;
using PoseML.Core;

namespace PoseML.Data.View;

/// <summary>Operations on data views: caching, selection, splitting by a key column, reading columns.</summary>
public static class DataViews
{
    /// <summary>Default rows per batch.</summary>
    public const int DefaultBatchSize = 1024;

    internal static void CheckBatchSize(int batchSize)
    {
        if (batchSize <= 0) throw new InvalidOptionException("batchSize", $"must be positive, got {batchSize}");
    }

    /// <summary>The columns PoseML reads from <paramref name="data"/>, with their per-row shapes (a
    /// <see cref="BatchDataView"/>'s own; otherwise those of its ML.NET schema that PoseML can read).</summary>
    public static BatchSchema Columns(this IDataView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data is BatchDataView b ? b.Columns : BatchSchema.FromDataViewSchema(data.Schema);
    }

    /// <summary>Reads the rows in order, at most <paramref name="batchSize"/> rows a batch; only the named
    /// <paramref name="columns"/> (null: all PoseML can read). PoseML's own views hand their batches over
    /// directly; any other view is read through a cursor.</summary>
    public static IEnumerable<DataBatch> GetBatches(this IDataView data, int batchSize = DefaultBatchSize, IReadOnlyCollection<string>? columns = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckBatchSize(batchSize);
        if (columns is not null)
        {
            var known = data.Columns();
            foreach (var c in columns) _ = known[c];
        }
        return data is BatchDataView b ? b.ReadBatches(batchSize, columns) : CursorBatchReader.Read(data, data.Columns(), batchSize, columns);
    }

    /// <summary>The number of rows when known without a pass; otherwise null.</summary>
    public static long? RowCount(this IDataView data) => data is BatchDataView b ? b.RowCount : data.GetRowCount();

    /// <summary>Reads the whole view once into memory; later reads cost no recomputation.
    /// An <see cref="InMemoryDataView"/> is returned as it is.</summary>
    public static InMemoryDataView Cache(this IDataView data)
    {
        if (data is InMemoryDataView m) return m;
        var schema = data.Columns();
        var floats = new List<float>[schema.Count];
        var ints = new List<int>[schema.Count];
        var texts = new List<string>[schema.Count];
        for (var i = 0; i < schema.Count; i++)
        {
            switch (schema[i].Type.Kind)
            {
                case DataKind.Float32: floats[i] = []; break;
                case DataKind.Int32: ints[i] = []; break;
                default: texts[i] = []; break;
            }
        }
        var rows = 0;
        foreach (var batch in data.GetBatches())
        {
            for (var i = 0; i < schema.Count; i++)
            {
                var b = batch.Buffer(schema[i].Name);
                switch (b.Kind)
                {
                    case DataKind.Float32: floats[i].AddRange(b.Floats.Span); break;
                    case DataKind.Int32: ints[i].AddRange(b.Ints.Span); break;
                    default: texts[i].AddRange(b.Texts.Span); break;
                }
            }
            rows += batch.RowCount;
        }
        var buffers = new ColumnBuffer[schema.Count];
        for (var i = 0; i < schema.Count; i++)
        {
            buffers[i] = schema[i].Type.Kind switch
            {
                DataKind.Float32 => ColumnBuffer.Of(floats[i].ToArray()),
                DataKind.Int32 => ColumnBuffer.Of(ints[i].ToArray()),
                _ => ColumnBuffer.Of(texts[i].ToArray()),
            };
        }
        return new InMemoryDataView(schema, rows, buffers);
    }

    /// <summary>The same rows, read with a check of <paramref name="cancellationToken"/> before each batch: once it
    /// is cancelled, whatever reads the view (a transform, a cache, a file writer) throws
    /// <see cref="OperationCanceledException"/> within one batch.</summary>
    public static IDataView WithCancellation(this IDataView data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        return cancellationToken.CanBeCanceled ? new CancellableDataView(data, cancellationToken) : data;
    }

    private sealed class CancellableDataView(IDataView inner, CancellationToken token) : BatchDataView
    {
        public override BatchSchema Columns => inner.Columns();

        public override long? RowCount => inner.RowCount();

        public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns)
        {
            token.ThrowIfCancellationRequested();
            foreach (var batch in inner.GetBatches(batchSize, columns))
            {
                token.ThrowIfCancellationRequested();
                yield return batch;
            }
        }
    }

    /// <summary>Counts the rows (a pass over the data when the count is not known).</summary>
    public static long CountRows(this IDataView data)
    {
        if (data.RowCount() is { } n) return n;
        long count = 0;
        var firstColumn = data.Columns().Count > 0 ? new[] { data.Columns()[0].Name } : [];
        foreach (var b in data.GetBatches(DefaultBatchSize, firstColumn)) count += b.RowCount;
        return count;
    }

    /// <summary>All float values of a column, row-major.</summary>
    public static float[] ReadFloats(this IDataView data, string column)
    {
        data.Columns().Require(column, DataKind.Float32, data.Columns()[column].Type.Shape.Length);
        if (data is InMemoryDataView m) return m.Column(column).Floats.ToArray();
        var list = new List<float>();
        foreach (var b in data.GetBatches(DefaultBatchSize, [column])) list.AddRange(b.GetFloats(column));
        return list.ToArray();
    }

    /// <summary>All int values of a column, row-major.</summary>
    public static int[] ReadInts(this IDataView data, string column)
    {
        data.Columns().Require(column, DataKind.Int32, data.Columns()[column].Type.Shape.Length);
        var list = new List<int>();
        foreach (var b in data.GetBatches(DefaultBatchSize, [column])) list.AddRange(b.GetInts(column));
        return list.ToArray();
    }

    /// <summary>All values of a text column.</summary>
    public static string[] ReadTexts(this IDataView data, string column)
    {
        data.Columns().Require(column, ColumnType.Text);
        var list = new List<string>();
        foreach (var b in data.GetBatches(DefaultBatchSize, [column])) list.AddRange(b.GetTexts(column));
        return list.ToArray();
    }

    /// <summary>The distinct values of a text column, sorted ordinally.</summary>
    public static string[] DistinctTexts(this IDataView data, string column) =>
        data.ReadTexts(column).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The rows whose text column <paramref name="column"/> satisfies <paramref name="keep"/> (lazy).</summary>
    public static IDataView FilterByText(this IDataView data, string column, Func<string, bool> keep)
    {
        data.Columns().Require(column, ColumnType.Text);
        return new FilteredDataView(data, [column], (b, r) => keep(b.GetTexts(column)[r]));
    }

    /// <summary>The rows for which <paramref name="keep"/> holds (lazy); <paramref name="columns"/> names what it reads.</summary>
    public static IDataView Filter(this IDataView data, IReadOnlyCollection<string> columns, Func<DataBatch, int, bool> keep) =>
        new FilteredDataView(data, columns, keep);

    /// <summary>Rows <c>[skip, skip + take)</c> (lazy).</summary>
    public static IDataView Take(this IDataView data, long take, long skip = 0) => new TakeDataView(data, skip, take);

    /// <summary>Only the named columns (lazy).</summary>
    public static IDataView SelectColumns(this IDataView data, params string[] columns) => new SelectedDataView(data, columns);

    /// <summary>The views one after the other (lazy); their schemas must match.</summary>
    public static IDataView Concat(this IDataView first, params IDataView[] rest) => new ConcatDataView([first, .. rest]);

    /// <summary>Splits by a key column so that every key value lands in exactly one side (e.g. keep
    /// subjects apart). Keys are sorted ordinally, shuffled with <paramref name="seed"/>, and the first
    /// <c>max(1, round(testFraction × keys))</c> go to the test side.</summary>
    public static (IDataView Train, IDataView Test, string[] TestKeys) SplitByKey(this IDataView data, string keyColumn, double testFraction, int seed)
    {
        if (testFraction is <= 0 or >= 1 || double.IsNaN(testFraction))
            throw new InvalidOptionException(nameof(testFraction), $"must lie in (0, 1), got {testFraction}");
        var keys = data.DistinctTexts(keyColumn);
        if (keys.Length < 2)
            throw new InvalidOptionException(keyColumn, $"a split by '{keyColumn}' needs at least 2 distinct values, found {keys.Length}");
        var shuffled = (string[])keys.Clone();
        new Random(seed).Shuffle(shuffled);
        var testCount = Math.Clamp((int)Math.Round(testFraction * keys.Length), 1, keys.Length - 1);
        var test = new HashSet<string>(shuffled.Take(testCount), StringComparer.Ordinal);
        return (data.FilterByText(keyColumn, k => !test.Contains(k)), data.FilterByText(keyColumn, test.Contains),
            test.Order(StringComparer.Ordinal).ToArray());
    }
}
