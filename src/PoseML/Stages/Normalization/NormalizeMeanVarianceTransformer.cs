using IDataView = Microsoft.ML.IDataView;
using System.Numerics.Tensors;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Pipeline.Persistence;

namespace PoseML.Stages.Normalization;

/// <summary>A fitted z-score: <c>y = (x − mean) · scale</c> per element, with <c>scale = 1 / std</c>
/// (see <see cref="NormalizeMeanVarianceEstimator"/>). Row to row, lazy, persistable.</summary>
[PoseStage(StageTypeName, CurrentFormatVersion)]
public sealed class NormalizeMeanVarianceTransformer : ITransformer, IPersistableStage, IHasPoseContext
{
    /// <summary>The saved form's stage type.</summary>
    public const string StageTypeName = "PoseML.NormalizeMeanVariance";

    /// <summary>The saved form's version: 1 = options, tensors <c>mean</c> and <c>scale</c> of the input shape,
    /// statistics <c>inputType</c> and <c>exampleCount</c>.</summary>
    public const int CurrentFormatVersion = 1;

    private readonly float[] _mean;
    private readonly float[] _scale;

    internal NormalizeMeanVarianceTransformer(PoseContext context, NormalizeMeanVarianceOptions options, ColumnType inputType,
        float[] mean, float[] scale, long exampleCount)
    {
        Context = context;
        Options = options;
        InputType = inputType;
        _mean = mean;
        _scale = scale;
        ExampleCount = exampleCount;
    }

    /// <inheritdoc />
    public PoseContext Context { get; }

    /// <summary>The options it was fitted with.</summary>
    public NormalizeMeanVarianceOptions Options { get; }

    /// <summary>The input column type seen at fit time.</summary>
    public ColumnType InputType { get; }

    /// <summary>Per-element means, row-major in the column's shape.</summary>
    public ReadOnlyMemory<float> Mean => _mean;

    /// <summary>Per-element scales (1 / standard deviation).</summary>
    public ReadOnlyMemory<float> Scale => _scale;

    /// <summary>Number of rows the statistics were estimated from.</summary>
    public long ExampleCount { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public string StageType => StageTypeName;

    /// <inheritdoc />
    public int FormatVersion => CurrentFormatVersion;

    /// <inheritdoc />
    public BatchSchema GetOutputSchema(BatchSchema inputSchema)
    {
        inputSchema.Require(Options.ResolvedInputColumnName, InputType);
        return inputSchema.With((Options.OutputColumnName, InputType));
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _ = GetOutputSchema(input.Columns());
        var column = Options.ResolvedInputColumnName;
        var n = InputType.ElementCount;
        return new MappedDataView(input, [(Options.OutputColumnName, InputType)], batch =>
        {
            var x = batch.GetFloats(column);
            var y = new float[x.Length];
            for (var r = 0; r < batch.RowCount; r++)
            {
                var dst = y.AsSpan(r * n, n);
                TensorPrimitives.Subtract(x.Slice(r * n, n), _mean, dst);
                TensorPrimitives.Multiply(dst, _scale, dst);
            }
            return [ColumnBuffer.Of(y)];
        }, Context.CancellationToken);
    }

    /// <inheritdoc />
    public void Save(StageWriter writer)
    {
        writer.WriteOptions(Options);
        writer.WriteColumnType("inputType", InputType);
        writer.WriteStatistic("exampleCount", ExampleCount);
        writer.WriteTensor("mean", _mean, [.. InputType.Shape]);
        writer.WriteTensor("scale", _scale, [.. InputType.Shape]);
    }

    /// <summary>Reads a transformer saved by <see cref="Save"/> (format version 1).</summary>
    public static NormalizeMeanVarianceTransformer Load(StageReader reader)
    {
        var options = reader.ReadOptions<NormalizeMeanVarianceOptions>();
        try
        {
            options.Validate();
        }
        catch (InvalidOptionException e)
        {
            throw new DataFormatException(reader.Source, e.Message, field: "options", inner: e);
        }
        var type = reader.ReadColumnType("inputType");
        var shape = type.Shape.ToArray();
        return new NormalizeMeanVarianceTransformer(reader.Context, options, type,
            reader.ReadFloats("mean", shape), reader.ReadFloats("scale", shape), reader.ReadStatistic<long>("exampleCount"));
    }
}
