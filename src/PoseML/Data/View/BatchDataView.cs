using Microsoft.ML;
using Microsoft.ML.Data;

namespace PoseML.Data.View;

/// <summary>Base of PoseML's own <see cref="IDataView"/> implementations (readers, generators, in-memory
/// tables): a subclass yields whole batches of columns (<see cref="DataBatch"/>), and this class serves them
/// to ML.NET row by row through a cursor. PoseML code reads any <see cref="IDataView"/> in batches through
/// <see cref="DataViews.GetBatches"/>, which takes the batches directly from a view of this kind.</summary>
/// <remarks>Views are lazy and deterministic: reading the same view twice yields the same rows in the same
/// order. Element types map as float → <c>Single</c> (vectors with their dimensions), int → <c>Int32</c>,
/// text → <c>ReadOnlyMemory&lt;char&gt;</c>.</remarks>
public abstract class BatchDataView : IDataView
{
    private DataViewSchema? _schema;

    /// <summary>The columns with PoseML's per-row shapes.</summary>
    public abstract BatchSchema Columns { get; }

    /// <summary>Number of rows when known without a pass over the data; otherwise null.</summary>
    public abstract long? RowCount { get; }

    /// <summary>Reads the rows in order, at most <paramref name="batchSize"/> rows a batch.
    /// <paramref name="columns"/> names the columns the caller needs (null: all), so a lazy view may skip
    /// computing the others; a batch may still carry more columns than were asked for.</summary>
    public abstract IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns);

    /// <inheritdoc />
    public DataViewSchema Schema => _schema ??= Columns.ToDataViewSchema();

    /// <inheritdoc />
    public bool CanShuffle => false;

    /// <inheritdoc />
    public long? GetRowCount() => RowCount;

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var names = columnsNeeded.Select(c => c.Name).ToArray();
        return new BatchRowCursor(this, names);
    }

    /// <inheritdoc />
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class BatchRowCursor : DataViewRowCursor
    {
        private readonly BatchDataView _view;
        private readonly HashSet<string> _active;
        private readonly IEnumerator<DataBatch> _batches;
        private DataBatch? _batch;
        private int _row = -1;
        private long _position = -1;

        public BatchRowCursor(BatchDataView view, string[] columns)
        {
            _view = view;
            _active = [.. columns];
            _batches = view.ReadBatches(DataViews.DefaultBatchSize, columns).GetEnumerator();
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Name);

        public override bool MoveNext()
        {
            while (_batch is null || ++_row >= _batch.RowCount)
            {
                if (!_batches.MoveNext())
                {
                    _batch = null;
                    return false;
                }
                _batch = _batches.Current;
                _row = -1;
            }
            _position++;
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_active.Contains(column.Name)) throw new InvalidOperationException($"column '{column.Name}' was not asked for when the cursor was made");
            var type = _view.Columns[column.Name].Type;
            Delegate getter = (type.Kind, type.Shape.Length) switch
            {
                (DataKind.Float32, 0) => (ValueGetter<float>)((ref float v) => v = Current().GetFloats(column.Name)[_row]),
                (DataKind.Float32, _) => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) => Fill(ref v, Current().GetFloats(column.Name).Slice(_row * type.ElementCount, type.ElementCount))),
                (DataKind.Int32, 0) => (ValueGetter<int>)((ref int v) => v = Current().GetInts(column.Name)[_row]),
                (DataKind.Int32, _) => (ValueGetter<VBuffer<int>>)((ref VBuffer<int> v) => Fill(ref v, Current().GetInts(column.Name).Slice(_row * type.ElementCount, type.ElementCount))),
                _ => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = (Current().GetTexts(column.Name)[_row] ?? "").AsMemory()),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"column '{column.Name}' is {type}; it cannot be read as {typeof(TValue).Name}");
        }

        private DataBatch Current() => _batch ?? throw new InvalidOperationException("the cursor is not on a row");

        private static void Fill<T>(ref VBuffer<T> value, ReadOnlySpan<T> source)
        {
            var editor = VBufferEditor.Create(ref value, source.Length);
            source.CopyTo(editor.Values);
            value = editor.Commit();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _batches.Dispose();
            base.Dispose(disposing);
        }
    }
}
