using Microsoft.ML;
using Microsoft.ML.Data;

namespace PoseML.MLNet;

/// <summary>The lazy output of a PoseML stage as an ML.NET <see cref="IDataView"/>. A cursor walks the input
/// twice in step: a leading cursor reads the mapper's inputs a batch ahead and the batch is computed at once;
/// a trailing cursor serves the passed-through columns of the current row (no copy). Only the columns asked
/// for are computed.</summary>
internal sealed class BatchedDataView : IDataView
{
    private readonly IDataView _input;
    private readonly BatchMapper _mapper;
    private readonly int _batchSize;

    public BatchedDataView(IDataView input, BatchMapper mapper, int batchSize)
    {
        _input = input;
        _mapper = mapper;
        _batchSize = batchSize;
    }

    public DataViewSchema Schema => _mapper.OutputSchema;

    public bool CanShuffle => false;

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        var kept = _mapper.PassThrough.Length;
        var passed = _mapper.PassThrough.Where((_, i) => needed.Contains(i)).Select(i => _input.Schema[i]).ToArray();
        var computed = Enumerable.Range(0, _mapper.Outputs.Count).Where(o => needed.Contains(kept + o)).ToArray();
        var trailing = _input.GetRowCursor(passed);
        var leading = computed.Length == 0 ? null : _input.GetRowCursor(_mapper.Inputs.Select(i => _input.Schema[i.ColumnIndex]));
        return new Cursor(this, trailing, leading, computed);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly BatchedDataView _view;
        private readonly DataViewRowCursor _trailing;
        private readonly DataViewRowCursor? _leading;
        private readonly BatchBuffers? _buffers;
        private readonly IBatchWorker? _worker;
        private readonly ValueGetter<VBuffer<float>>[] _inputGetters = [];
        private VBuffer<float>[] _scratch;
        private readonly Delegate?[] _outputGetters;
        private int _slot = -1;

        public Cursor(BatchedDataView view, DataViewRowCursor trailing, DataViewRowCursor? leading, int[] computed)
        {
            _view = view;
            _trailing = trailing;
            _leading = leading;
            var mapper = view._mapper;
            _outputGetters = new Delegate?[mapper.Outputs.Count];
            _scratch = new VBuffer<float>[mapper.Inputs.Count];
            if (leading is null) return;
            _buffers = new BatchBuffers(mapper, view._batchSize);
            _worker = mapper.CreateWorker();
            _inputGetters = BatchIo.InputGetters(leading, mapper);
            foreach (var o in computed) _outputGetters[o] = BatchIo.OutputGetter(mapper, _buffers, o, () => _slot);
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _trailing.Position;

        public override long Batch => _trailing.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _trailing.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column)
        {
            var kept = _view._mapper.PassThrough.Length;
            return column.Index < kept ? _trailing.IsColumnActive(_trailing.Schema[_view._mapper.PassThrough[column.Index]]) : _outputGetters[column.Index - kept] is not null;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var kept = _view._mapper.PassThrough.Length;
            if (column.Index < kept) return _trailing.GetGetter<TValue>(_trailing.Schema[_view._mapper.PassThrough[column.Index]]);
            var getter = _outputGetters[column.Index - kept]
                ?? throw new InvalidOperationException($"column '{column.Name}' was not asked for when the cursor was made");
            return BatchIo.Cast<TValue>(getter, column);
        }

        public override bool MoveNext()
        {
            if (!_trailing.MoveNext()) return false;
            if (_leading is null) return true;
            _slot++;
            if (_slot >= _buffers!.Rows) Fill();
            return true;
        }

        private void Fill()
        {
            var buffers = _buffers!;
            var rows = 0;
            while (rows < buffers.Capacity && _leading!.MoveNext())
            {
                BatchIo.ReadRow(_inputGetters, ref _scratch, _view._mapper, buffers, rows, _leading.Position);
                rows++;
            }
            if (rows == 0) throw new InvalidOperationException("the input view yielded fewer rows to the second cursor than to the first; PoseML stages need views that read the same rows each time");
            buffers.Rows = rows;
            _worker!.Map(buffers);
            _slot = 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _trailing.Dispose();
                _leading?.Dispose();
                (_worker as IDisposable)?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
