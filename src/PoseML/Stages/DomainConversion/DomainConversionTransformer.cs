using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Pipeline.Persistence;

namespace PoseML.Stages.DomainConversion;

/// <summary>The domain conversion for one heatmap shape (see <see cref="DomainConversionEstimator"/>). Row to row, lazy,
/// persistable (options and the heatmap shape).</summary>
[PoseStage(StageTypeName, CurrentFormatVersion)]
public sealed class DomainConversionTransformer : ITransformer, IPersistableStage, IHasPoseContext
{
    /// <summary>The saved form's stage type.</summary>
    public const string StageTypeName = "PoseML.DomainConversion";

    /// <summary>The saved form's version: 1 = options and statistic <c>inputType</c> (the heatmap column type).</summary>
    public const int CurrentFormatVersion = 1;

    internal DomainConversionTransformer(PoseContext context, DomainConversionOptions options, ColumnType inputType)
    {
        Context = context;
        Options = options;
        InputType = inputType;
    }

    /// <inheritdoc />
    public PoseContext Context { get; }

    /// <summary>The options.</summary>
    public DomainConversionOptions Options { get; }

    /// <summary>The heatmap column type, float[J,H,W].</summary>
    public ColumnType InputType { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public string StageType => StageTypeName;

    /// <inheritdoc />
    public int FormatVersion => CurrentFormatVersion;

    /// <inheritdoc />
    public BatchSchema GetOutputSchema(BatchSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.Require(Options.InputColumnName, InputType);
        return OutputSchema(inputSchema, Options, InputType);
    }

    internal static BatchSchema OutputSchema(BatchSchema input, DomainConversionOptions options, ColumnType heatmaps)
    {
        var joints = heatmaps.Shape[0];
        return options.ConfidenceColumnName is { } confidence
            ? input.With((options.OutputColumnName, ColumnType.Float(joints, 2)), (confidence, ColumnType.Float(joints)))
            : input.With((options.OutputColumnName, ColumnType.Float(joints, 2)));
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Columns());
        int joints = InputType.Shape[0], height = InputType.Shape[1], width = InputType.Shape[2];
        var added = new List<(string, ColumnType)> { (Options.OutputColumnName, ColumnType.Float(joints, 2)) };
        if (Options.ConfidenceColumnName is { } c) added.Add((c, ColumnType.Float(joints)));
        return new MappedDataView(input, added, batch =>
        {
            var maps = batch.GetFloats(Options.InputColumnName);
            var keypoints = new float[batch.RowCount * joints * 2];
            var confidence = Options.ConfidenceColumnName is null ? [] : new float[batch.RowCount * joints];
            HeatmapConversion.Compute(Options, maps, height, width, keypoints, confidence);
            return Options.ConfidenceColumnName is null ? [ColumnBuffer.Of(keypoints)] : [ColumnBuffer.Of(keypoints), ColumnBuffer.Of(confidence)];
        }, Context.CancellationToken);
    }

    /// <inheritdoc />
    public void Save(StageWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        writer.WriteColumnType("inputType", InputType);
    }

    /// <summary>Reads a transformer saved by <see cref="Save"/> (format version 1).</summary>
    public static DomainConversionTransformer Load(StageReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<DomainConversionOptions>();
        try
        {
            options.Validate();
        }
        catch (InvalidOptionException e)
        {
            throw new DataFormatException(reader.Source, e.Message, field: "options", inner: e);
        }
        var type = reader.ReadColumnType("inputType");
        if (type.Kind != DataKind.Float32 || type.Shape.Length != 3)
            throw new DataFormatException(reader.Source, $"inputType must be float[J,H,W], found {type}", field: "inputType");
        return new DomainConversionTransformer(reader.Context, options, type);
    }
}
