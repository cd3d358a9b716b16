using Microsoft.ML;
namespace PoseML.Data.View;

/// <summary>A lazy view of the rows of its input for which a predicate holds.</summary>
public sealed class FilteredDataView : BatchDataView
{
    private readonly IDataView _input;
    private readonly Func<DataBatch, int, bool> _keep;
    private readonly IReadOnlyCollection<string> _predicateColumns;

    /// <summary>Creates the view. <paramref name="keep"/> gets a batch and a row index in it;
    /// <paramref name="predicateColumns"/> names the columns it reads.</summary>
    public FilteredDataView(IDataView input, IReadOnlyCollection<string> predicateColumns, Func<DataBatch, int, bool> keep)
    {
        foreach (var c in predicateColumns) _ = input.Columns()[c];
        _input = input;
        _keep = keep;
        _predicateColumns = predicateColumns;
    }

    /// <inheritdoc />
    public override BatchSchema Columns => _input.Columns();

    /// <inheritdoc />
    public override long? RowCount => null;

    /// <inheritdoc />
    public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns)
    {
        DataViews.CheckBatchSize(batchSize);
        var wanted = columns is null ? null : columns.Concat(_predicateColumns).Distinct().ToArray();
        long emitted = 0;
        var rows = new List<int>(batchSize);
        foreach (var batch in _input.GetBatches(batchSize, wanted))
        {
            rows.Clear();
            for (var r = 0; r < batch.RowCount; r++)
            {
                if (_keep(batch, r)) rows.Add(r);
            }
            if (rows.Count == 0) continue;
            var kept = rows.Count == batch.RowCount ? batch.Renumber(emitted) : batch.SelectRows(rows.ToArray(), emitted);
            emitted += kept.RowCount;
            yield return kept;
        }
    }
}
