namespace PoseML.Data.View;

/// <summary>A lazy view of a subset of its input's columns.</summary>
public sealed class SelectedDataView : IDataView
{
    private readonly IDataView _input;

    /// <summary>Creates the view; every name must be a column of <paramref name="input"/>.</summary>
    public SelectedDataView(IDataView input, IEnumerable<string> columns)
    {
        _input = input;
        Schema = input.Schema.Select(columns);
    }

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    /// <inheritdoc />
    public long? RowCount => _input.RowCount;

    /// <inheritdoc />
    public IEnumerable<DataBatch> GetBatches(int batchSize = DataViews.DefaultBatchSize, IReadOnlyCollection<string>? columns = null)
    {
        var wanted = columns ?? Schema.Select(c => c.Name).ToArray();
        foreach (var batch in _input.GetBatches(batchSize, wanted)) yield return batch.SelectColumns(Schema);
    }
}
