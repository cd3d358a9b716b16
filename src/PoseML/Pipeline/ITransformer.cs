using IDataView = Microsoft.ML.IDataView;
using PoseML.Data.View;

namespace PoseML.Pipeline;

/// <summary>A fitted stage: maps a data view to another (ML.NET's <c>ITransformer</c>).
/// <see cref="Transform"/> is lazy: it checks the schema and returns a view whose new columns are
/// computed batch by batch while it is read. To be saved in a model, a transformer also implements
/// <see cref="Persistence.IPersistableStage"/>.</summary>
public interface ITransformer
{
    /// <summary>The output schema for <paramref name="inputSchema"/>, computed without data.</summary>
    /// <exception cref="Core.SchemaMismatchException">A column is missing or has the wrong type or shape.</exception>
    BatchSchema GetOutputSchema(BatchSchema inputSchema);

    /// <summary>Applies the stage lazily: the schema is checked now, values are computed when the
    /// returned view is read.</summary>
    /// <exception cref="Core.SchemaMismatchException">A column is missing or has the wrong type or shape.</exception>
    IDataView Transform(IDataView input);

    /// <summary>True when each output row depends only on the same input row (no aggregation across
    /// rows, same row count), like ML.NET's <c>IsRowToRowMapper</c>. Such stages can score one frame at a time.</summary>
    bool IsRowToRowMapper { get; }
}

/// <summary>A transformer made of other transformers applied in order (e.g. <see cref="TransformerChain{TLastTransformer}"/>).
/// The model store saves its parts as separate stages.</summary>
public interface ITransformerChain : ITransformer
{
    /// <summary>The parts, in application order.</summary>
    IReadOnlyList<ITransformer> Transformers { get; }
}
