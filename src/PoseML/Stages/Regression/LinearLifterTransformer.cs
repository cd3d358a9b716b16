using IDataView = Microsoft.ML.IDataView;
using System.Numerics.Tensors;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Nn.Kernels;
using PoseML.Pipeline;
using PoseML.Pipeline.Persistence;

namespace PoseML.Stages.Regression;

/// <summary>A fitted linear lifter: <c>Ŷ = X·W + b</c> with W [inputs, outputs] (see
/// <see cref="LinearLifterEstimator"/>). Row to row, lazy (one GEMM per batch), persistable.</summary>
[PoseStage(StageTypeName, CurrentFormatVersion)]
public sealed class LinearLifterTransformer : ITransformer, IPersistableStage, IHasPoseContext
{
    /// <summary>The saved form's stage type.</summary>
    public const string StageTypeName = "PoseML.LinearLifter";

    /// <summary>The saved form's version: 1 = options, tensors <c>weight</c> [inputs, outputs] and <c>bias</c>
    /// [outputs], statistics <c>inputType</c>, <c>outputType</c>, <c>exampleCount</c>.</summary>
    public const int CurrentFormatVersion = 1;

    private readonly float[] _weights;
    private readonly float[] _bias;

    internal LinearLifterTransformer(PoseContext context, LinearLifterOptions options, ColumnType inputType, ColumnType outputType,
        float[] weights, float[] bias, long exampleCount)
    {
        Context = context;
        Options = options;
        InputType = inputType;
        OutputType = outputType;
        _weights = weights;
        _bias = bias;
        ExampleCount = exampleCount;
    }

    /// <inheritdoc />
    public PoseContext Context { get; }

    /// <summary>The options it was fitted with.</summary>
    public LinearLifterOptions Options { get; }

    /// <summary>The input column type seen at fit time.</summary>
    public ColumnType InputType { get; }

    /// <summary>The output column type (the label's).</summary>
    public ColumnType OutputType { get; }

    /// <summary>Weights, row-major [input elements, output elements].</summary>
    public ReadOnlyMemory<float> Weights => _weights;

    /// <summary>Bias per output element (zeros without an intercept).</summary>
    public ReadOnlyMemory<float> Bias => _bias;

    /// <summary>Writes the lifter as an ONNX model (one <c>Gemm</c>: input column flattened → output column
    /// flattened), atomically; see <see cref="Onnx.OnnxExport"/>.</summary>
    public void ExportOnnx(string path, Onnx.OnnxExportOptions? options = null) => Onnx.OnnxExport.Save(this, path, options);

    /// <summary>Writes the lifter as an ONNX model to <paramref name="stream"/>; see <see cref="Onnx.OnnxExport"/>.</summary>
    public void ExportOnnx(Stream stream, Onnx.OnnxExportOptions? options = null) => Onnx.OnnxExport.Save(this, stream, options);

    /// <summary>Number of training rows.</summary>
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
        inputSchema.Require(Options.InputColumnName, InputType);
        return inputSchema.With((Options.OutputColumnName, OutputType));
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _ = GetOutputSchema(input.Columns());
        int d = InputType.ElementCount, k = OutputType.ElementCount;
        return new MappedDataView(input, [(Options.OutputColumnName, OutputType)], batch =>
        {
            var x = batch.GetFloats(Options.InputColumnName);
            var y = new float[batch.RowCount * k];
            LinearRidge.Predict(x, _weights, _bias, batch.RowCount, d, k, y);
            return [ColumnBuffer.Of(y)];
        }, Context.CancellationToken);
    }

    /// <inheritdoc />
    public void Save(StageWriter writer)
    {
        writer.WriteOptions(Options);
        writer.WriteColumnType("inputType", InputType);
        writer.WriteColumnType("outputType", OutputType);
        writer.WriteStatistic("exampleCount", ExampleCount);
        writer.WriteTensor("weight", _weights, InputType.ElementCount, OutputType.ElementCount);
        writer.WriteTensor("bias", _bias, OutputType.ElementCount);
    }

    /// <summary>Reads a transformer saved by <see cref="Save"/> (format version 1).</summary>
    public static LinearLifterTransformer Load(StageReader reader)
    {
        var options = reader.ReadOptions<LinearLifterOptions>();
        try
        {
            options.Validate();
        }
        catch (InvalidOptionException e)
        {
            throw new DataFormatException(reader.Source, e.Message, field: "options", inner: e);
        }
        var input = reader.ReadColumnType("inputType");
        var output = reader.ReadColumnType("outputType");
        return new LinearLifterTransformer(reader.Context, options, input, output,
            reader.ReadFloats("weight", input.ElementCount, output.ElementCount), reader.ReadFloats("bias", output.ElementCount),
            reader.ReadStatistic<long>("exampleCount"));
    }
}
