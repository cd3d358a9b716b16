using Microsoft.ML;
using Microsoft.ML.Data;

namespace PoseML.MLNet;

/// <summary>The shell every PoseML transformer shares, so a stage only says how it binds to a schema and
/// what its saved form is. <see cref="Transform"/> is lazy and batched; <see cref="GetRowToRowMapper"/>
/// serves <c>PredictionEngine</c> one frame at a time; saving writes <see cref="SavedForm"/>, a transformer
/// made of ML.NET's own savable parts (an ONNX graph for networks, a named <c>CustomMapping</c> for
/// algorithmic stages), so <c>mlContext.Model.Save</c>/<c>Load</c> round-trip the stage and a loaded model
/// needs no PoseML registration.</summary>
/// <remarks>ML.NET keeps its own save route (<c>ModelSaveContext</c> members, <c>LoadableClass</c>) internal,
/// so a PoseML type cannot be the loaded type: after <c>mlContext.Model.Load</c> the stage comes back as its
/// saved form, which computes the same output columns.</remarks>
public abstract class PoseTransformerBase : ITransformer
{
    /// <summary>Rows computed together by <see cref="Transform"/>.</summary>
    public const int DefaultBatchSize = 1024;

    /// <summary>Binds the stage to <paramref name="inputSchema"/>, validating every column it reads.</summary>
    /// <exception cref="Core.SchemaMismatchException">A column is missing or has the wrong type or shape.</exception>
    protected abstract BatchMapper Bind(DataViewSchema inputSchema);

    /// <summary>Rows <see cref="Transform"/> computes together (<see cref="DefaultBatchSize"/>; stages with large rows,
    /// such as images, use fewer).</summary>
    protected virtual int BatchSize => DefaultBatchSize;

    /// <summary>The ML.NET-native transformer written when the model is saved.</summary>
    protected abstract ITransformer SavedForm { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Bind(inputSchema ?? throw new ArgumentNullException(nameof(inputSchema))).OutputSchema;

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new BatchedDataView(input, Bind(input.Schema), BatchSize);
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new BatchRowToRowMapper(Bind(inputSchema ?? throw new ArgumentNullException(nameof(inputSchema))));

    /// <summary>Writes <see cref="SavedForm"/>.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => SavedForm.Save(ctx);
}
