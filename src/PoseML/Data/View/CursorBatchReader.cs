using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;

namespace PoseML.Data.View;

/// <summary>Reads any ML.NET <see cref="IDataView"/> in <see cref="DataBatch"/>es through a cursor (the path
/// for views that are not <see cref="BatchDataView"/>s, such as ML.NET's own transforms' outputs).</summary>
internal static class CursorBatchReader
{
    public static IEnumerable<DataBatch> Read(IDataView view, BatchSchema columns, int batchSize, IReadOnlyCollection<string>? names)
    {
        var wanted = names is null ? columns : columns.Select(names.Where(n => columns.TryGetColumn(n, out _)).Distinct().ToArray());
        var mlColumns = wanted.Select(c => view.Schema[c.Name]).ToArray();
        using var cursor = view.GetRowCursor(mlColumns);
        var readers = wanted.Select((c, i) => Reader.Create(cursor, mlColumns[i], c)).ToArray();
        long start = 0;
        while (true)
        {
            foreach (var r in readers) r.Reset(batchSize);
            var rows = 0;
            while (rows < batchSize && cursor.MoveNext())
            {
                foreach (var r in readers) r.ReadRow(rows, cursor.Position);
                rows++;
            }
            if (rows == 0) yield break;
            yield return new DataBatch(wanted, rows, start, readers.Select(r => r.Buffer(rows)).ToArray());
            start += rows;
            if (rows < batchSize) yield break;
        }
    }

    private abstract class Reader
    {
        public abstract void Reset(int capacity);

        public abstract void ReadRow(int row, long position);

        public abstract ColumnBuffer Buffer(int rows);

        public static Reader Create(DataViewRowCursor cursor, DataViewSchema.Column column, BatchSchema.Column ours) => (ours.Type.Kind, ours.Type.Shape.Length) switch
        {
            (DataKind.Float32, 0) => new ScalarReader<float>(cursor.GetGetter<float>(column), a => ColumnBuffer.Of(a)),
            (DataKind.Int32, 0) => new ScalarReader<int>(cursor.GetGetter<int>(column), a => ColumnBuffer.Of(a)),
            (DataKind.Float32, _) => new VectorReader<float>(cursor.GetGetter<VBuffer<float>>(column), ours, a => ColumnBuffer.Of(a)),
            (DataKind.Int32, _) => new VectorReader<int>(cursor.GetGetter<VBuffer<int>>(column), ours, a => ColumnBuffer.Of(a)),
            _ => new TextReader(cursor.GetGetter<ReadOnlyMemory<char>>(column)),
        };
    }

    private sealed class ScalarReader<T>(ValueGetter<T> getter, Func<T[], ColumnBuffer> wrap) : Reader
    {
        private T[] _values = [];

        public override void Reset(int capacity) => _values = new T[capacity];

        public override void ReadRow(int row, long position) => getter(ref _values[row]);

        public override ColumnBuffer Buffer(int rows) => wrap(rows == _values.Length ? _values : _values[..rows]);
    }

    private sealed class VectorReader<T>(ValueGetter<VBuffer<T>> getter, BatchSchema.Column column, Func<T[], ColumnBuffer> wrap) : Reader
    {
        private readonly int _size = column.Type.ElementCount;
        private T[] _values = [];
        private VBuffer<T> _scratch;

        public override void Reset(int capacity) => _values = new T[capacity * _size];

        public override void ReadRow(int row, long position)
        {
            getter(ref _scratch);
            if (_scratch.Length != _size)
                throw new SchemaMismatchException(column.Name, $"row {position} holds {_scratch.Length} values, expected {column.Type}");
            _scratch.CopyTo(_values.AsSpan(row * _size, _size));
        }

        public override ColumnBuffer Buffer(int rows) => wrap(rows * _size == _values.Length ? _values : _values[..(rows * _size)]);
    }

    private sealed class TextReader(ValueGetter<ReadOnlyMemory<char>> getter) : Reader
    {
        private string[] _values = [];
        private ReadOnlyMemory<char> _scratch;

        public override void Reset(int capacity) => _values = new string[capacity];

        public override void ReadRow(int row, long position)
        {
            getter(ref _scratch);
            _values[row] = _scratch.ToString();
        }

        public override ColumnBuffer Buffer(int rows) => ColumnBuffer.Of(rows == _values.Length ? _values : _values[..rows]);
    }
}
