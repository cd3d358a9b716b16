using Microsoft.ML;
using Microsoft.ML.Data;

namespace PoseML.MLNet;

/// <summary>Serves a <see cref="BatchMapper"/> one row at a time (a batch of one), which is what ML.NET's
/// <c>PredictionEngine</c> and row-mapper composition need. The computed values are cached per input position.</summary>
internal sealed class BatchRowToRowMapper : IRowToRowMapper
{
    private readonly BatchMapper _mapper;

    public BatchRowToRowMapper(BatchMapper mapper) => _mapper = mapper;

    public DataViewSchema InputSchema => _mapper.InputSchema;

    public DataViewSchema OutputSchema => _mapper.OutputSchema;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var kept = _mapper.PassThrough.Length;
        var needed = new SortedSet<int>();
        foreach (var c in dependingColumns)
        {
            if (c.Index < kept) needed.Add(_mapper.PassThrough[c.Index]);
            else foreach (var i in _mapper.Inputs) needed.Add(i.ColumnIndex);
        }
        return needed.Select(i => InputSchema[i]);
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new Row(_mapper, input, activeColumns.Select(c => c.Index).ToHashSet());

    private sealed class Row : DataViewRow
    {
        private readonly BatchMapper _mapper;
        private readonly DataViewRow _input;
        private readonly HashSet<int> _active;
        private readonly BatchBuffers _buffers;
        private readonly IBatchWorker _worker;
        private readonly ValueGetter<VBuffer<float>>[] _inputGetters;
        private VBuffer<float>[] _scratch;
        private long _computedAt = -1;

        public Row(BatchMapper mapper, DataViewRow input, HashSet<int> active)
        {
            _mapper = mapper;
            _input = input;
            _active = active;
            _buffers = new BatchBuffers(mapper, 1);
            _worker = mapper.CreateWorker();
            _scratch = new VBuffer<float>[mapper.Inputs.Count];
            var kept = mapper.PassThrough.Length;
            _inputGetters = active.Any(i => i >= kept) ? BatchIo.InputGetters(input, mapper) : [];
        }

        public override DataViewSchema Schema => _mapper.OutputSchema;

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var kept = _mapper.PassThrough.Length;
            if (column.Index < kept) return _input.GetGetter<TValue>(_input.Schema[_mapper.PassThrough[column.Index]]);
            if (!_active.Contains(column.Index)) throw new InvalidOperationException($"column '{column.Name}' is not active in this row");
            return BatchIo.Cast<TValue>(BatchIo.OutputGetter(_mapper, _buffers, column.Index - kept, Compute), column);
        }

        private int Compute()
        {
            if (_computedAt != _input.Position || _input.Position < 0)
            {
                _buffers.Rows = 1;
                BatchIo.ReadRow(_inputGetters, ref _scratch, _mapper, _buffers, 0, _input.Position);
                _worker.Map(_buffers);
                _computedAt = _input.Position;
            }
            return 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) (_worker as IDisposable)?.Dispose();
            base.Dispose(disposing);
        }
    }
}
