using Microsoft.ML;
namespace PoseML.Data.View;

/// <summary>A lazy view that adds (or replaces) columns computed batch by batch from its input (camera
/// projection, joint mappings). Nothing is computed until the view is read, and only when the reader needs one of
/// the added columns. Cancellation comes from the input (see <see cref="DataViews.WithCancellation"/>).</summary>
public sealed class MappedDataView : BatchDataView
{
    private readonly IDataView _input;
    private readonly (string Name, ColumnType Type)[] _added;
    private readonly Func<DataBatch, ColumnBuffer[]> _map;

    /// <summary>Creates the view. <paramref name="map"/> receives an input batch and returns one
    /// buffer per added column, in the order of <paramref name="added"/>.</summary>
    public MappedDataView(IDataView input, IReadOnlyList<(string Name, ColumnType Type)> added, Func<DataBatch, ColumnBuffer[]> map)
    {
        _input = input;
        _added = added.ToArray();
        _map = map;
        Columns = input.Columns().With(_added);
    }

    /// <inheritdoc />
    public override BatchSchema Columns { get; }

    /// <inheritdoc />
    public override long? RowCount => _input.RowCount();

    /// <inheritdoc />
    public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns)
    {
        var needed = columns is null || _added.Any(a => columns.Contains(a.Name));
        foreach (var batch in _input.GetBatches(batchSize, needed ? null : columns))
        {
            if (!needed)
            {
                yield return batch;
                continue;
            }
            var values = _map(batch);
            if (values.Length != _added.Length)
                throw new InvalidOperationException($"a mapping that adds {_added.Length} columns returned {values.Length} buffers");
            yield return batch.With(_added.Select((a, i) => (a.Name, a.Type, values[i])).ToArray());
        }
    }
}
