using Microsoft.ML;
namespace PoseML.Data.View;

/// <summary>A lazy view of a subset of its input's columns.</summary>
public sealed class SelectedDataView : BatchDataView
{
    private readonly IDataView _input;

    /// <summary>Creates the view; every name must be a column of <paramref name="input"/>.</summary>
    public SelectedDataView(IDataView input, IEnumerable<string> columns)
    {
        _input = input;
        Columns = input.Columns().Select(columns);
    }

    /// <inheritdoc />
    public override BatchSchema Columns { get; }

    /// <inheritdoc />
    public override long? RowCount => _input.RowCount();

    /// <inheritdoc />
    public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns)
    {
        var wanted = columns ?? Columns.Select(c => c.Name).ToArray();
        foreach (var batch in _input.GetBatches(batchSize, wanted)) yield return batch.SelectColumns(Columns);
    }
}
