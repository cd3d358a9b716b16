using IDataView = Microsoft.ML.IDataView;
using PoseML.Data.View;

namespace PoseML.Pipeline;

/// <summary>A stage that learns from data: <see cref="Fit"/> reads a data view and returns the fitted
/// <typeparamref name="TTransformer"/> (ML.NET's <c>IEstimator&lt;TTransformer&gt;</c>). Estimators are
/// immutable descriptions; fitting twice on the same data with the same seed gives the same model.</summary>
/// <remarks>PoseML schemas are data-free and every column has a fixed per-row shape, so
/// <see cref="BatchSchema"/> plays the role of ML.NET's <c>SchemaShape</c>: an estimator maps the input
/// schema to the exact output schema without reading any row.</remarks>
/// <typeparam name="TTransformer">What fitting produces.</typeparam>
public interface IEstimator<out TTransformer> where TTransformer : ITransformer
{
    /// <summary>Learns from <paramref name="input"/>. Checks the schema first (see
    /// <see cref="GetOutputSchema"/>), so a wrong column fails before any row is read. Long fits report
    /// through <see cref="PoseContext.Progress"/> and stop when <see cref="PoseContext.CancellationToken"/> is cancelled.</summary>
    /// <exception cref="Core.SchemaMismatchException">A column is missing or has the wrong type or shape.</exception>
    TTransformer Fit(IDataView input);

    /// <summary>The schema the fitted transformer will produce for <paramref name="inputSchema"/>,
    /// computed without data. Validates column names, element types and shapes.</summary>
    /// <exception cref="Core.SchemaMismatchException">A column is missing or has the wrong type or shape;
    /// the message names the column, the expected and the found type.</exception>
    BatchSchema GetOutputSchema(BatchSchema inputSchema);
}
