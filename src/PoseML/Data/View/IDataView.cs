namespace PoseML.Data.View;

/// <summary>A columnar table that is read in batches. Views are lazy: a transform's view computes
/// its columns batch by batch while it is read, so data larger than memory streams through a
/// pipeline. Reading the same view twice yields the same rows in the same order.</summary>
public interface IDataView
{
    /// <summary>The columns.</summary>
    DataViewSchema Schema { get; }

    /// <summary>Number of rows when known without a pass over the data; otherwise null.</summary>
    long? RowCount { get; }

    /// <summary>Reads the rows in order, at most <paramref name="batchSize"/> rows a batch.
    /// <paramref name="columns"/> names the columns the caller needs (null: all), so a lazy view
    /// may skip computing the others; a batch may still carry more columns than were asked for.</summary>
    IEnumerable<DataBatch> GetBatches(int batchSize = DataViews.DefaultBatchSize, IReadOnlyCollection<string>? columns = null);
}
