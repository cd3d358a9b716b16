using PoseML.Data.View;
using IDataView = Microsoft.ML.IDataView;

namespace PoseML.Tests.MLNet;

/// <summary>A view whose schema can be read but whose rows cannot: proves that a check ran before any data was read,
/// or that a transform is lazy.</summary>
public sealed class UnreadableDataView(IDataView inner) : BatchDataView
{
    /// <inheritdoc />
    public override BatchSchema Columns => inner.Columns();

    /// <inheritdoc />
    public override long? RowCount => inner.RowCount();

    /// <inheritdoc />
    public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns) =>
        throw new AssertFailedException("the data was read before the schema was checked");
}
