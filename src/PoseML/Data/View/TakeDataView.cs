using Microsoft.ML;
namespace PoseML.Data.View;

/// <summary>A lazy view of rows <c>[skip, skip + take)</c> of its input.</summary>
public sealed class TakeDataView : BatchDataView
{
    private readonly IDataView _input;
    private readonly long _skip;
    private readonly long _take;

    /// <summary>Creates the view.</summary>
    public TakeDataView(IDataView input, long skip, long take)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        _input = input;
        _skip = skip;
        _take = take;
    }

    /// <inheritdoc />
    public override BatchSchema Columns => _input.Columns();

    /// <inheritdoc />
    public override long? RowCount => _input.RowCount() is { } n ? Math.Clamp(n - _skip, 0, _take) : null;

    /// <inheritdoc />
    public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns)
    {
        long position = 0, emitted = 0;
        foreach (var batch in _input.GetBatches(batchSize, columns))
        {
            if (emitted >= _take) yield break;
            var start = (int)Math.Clamp(_skip - position, 0, batch.RowCount);
            position += batch.RowCount;
            var count = (int)Math.Min(batch.RowCount - start, _take - emitted);
            if (count <= 0) continue;
            yield return batch.Slice(start, count).Renumber(emitted);
            emitted += count;
        }
    }
}
