using IDataView = Microsoft.ML.IDataView;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Pipeline.Persistence;

namespace PoseML.Tests.Pipeline;

/// <summary>A stage written the way a third party would, outside PoseML, with only public extension points:
/// options record, estimator, persistable transformer registered by attribute, catalog extension method.</summary>
public sealed record ScaleOptions(string ColumnName, float Factor);

public sealed class ScaleEstimator(PoseContext context, ScaleOptions options) : IEstimator<ScaleTransformer>, IHasPoseContext
{
    public PoseContext Context => context;

    public BatchSchema GetOutputSchema(BatchSchema inputSchema)
    {
        inputSchema.Require(options.ColumnName, DataKind.Float32, inputSchema[options.ColumnName].Type.Shape.Length);
        return inputSchema;
    }

    public ScaleTransformer Fit(IDataView input)
    {
        _ = GetOutputSchema(input.Columns());
        return new ScaleTransformer(options, input.Columns()[options.ColumnName].Type);
    }
}

[PoseStage("Tests.Scale", formatVersion: 2)]
public sealed class ScaleTransformer(ScaleOptions options, ColumnType type) : ITransformer, IPersistableStage
{
    public string StageType => "Tests.Scale";
    public int FormatVersion => 2;
    public bool IsRowToRowMapper => true;

    public BatchSchema GetOutputSchema(BatchSchema inputSchema)
    {
        inputSchema.Require(options.ColumnName, type);
        return inputSchema;
    }

    public IDataView Transform(IDataView input)
    {
        _ = GetOutputSchema(input.Columns());
        return new MappedDataView(input, [(options.ColumnName, type)],
            b => [ColumnBuffer.Of(b.GetFloats(options.ColumnName).ToArray().Select(v => v * options.Factor).ToArray())]);
    }

    public void Save(StageWriter writer)
    {
        writer.WriteOptions(options);
        writer.WriteColumnType("type", type);
    }

    public static ScaleTransformer Load(StageReader reader) =>
        new(reader.ReadOptions<ScaleOptions>(), reader.ReadColumnType("type"));
}

public static class ScaleCatalog
{
    public static ScaleEstimator Scale(this PoseML.Pipeline.Catalogs.TransformsCatalog catalog, string columnName, float factor) =>
        new(catalog.Context, new ScaleOptions(columnName, factor));
}

/// <summary>A transformer that cannot be saved.</summary>
public sealed class IdentityTransformer : ITransformer
{
    public bool IsRowToRowMapper => true;
    public BatchSchema GetOutputSchema(BatchSchema inputSchema) => inputSchema;
    public IDataView Transform(IDataView input) => input;
}
