using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.MLNet;
using PoseML.Onnx;

namespace PoseML.Stages.Regression;

/// <summary>A fitted linear lifter, <c>Ŷ = X·W + b</c> with W [inputs, outputs] (see <see cref="LinearLifterEstimator"/>):
/// row to row, lazy, one GEMM per 1,024 frames. Saved as <c>ApplyOnnxModel</c> over a one-frame <c>Gemm</c> graph.</summary>
public sealed class LinearLifterTransformer : PoseTransformerBase
{
    private readonly float[] _weights;
    private readonly float[] _bias;
    private readonly Lazy<ITransformer> _savedForm;

    internal LinearLifterTransformer(LinearLifterOptions options, VectorDataViewType inputType, VectorDataViewType outputType,
        float[] weights, float[] bias, long exampleCount, DataViewSchema trainedSchema)
    {
        Options = options;
        InputType = inputType;
        OutputType = outputType;
        _weights = weights;
        _bias = bias;
        ExampleCount = exampleCount;
        _ = Bind(trainedSchema);
        _savedForm = new Lazy<ITransformer>(() => OnnxSavedForm.Fit(trainedSchema, ToOnnx(), Options.InputColumnName, Options.OutputColumnName));
    }

    /// <summary>The options it was fitted with.</summary>
    public LinearLifterOptions Options { get; }

    /// <summary>The input column type seen at fit time.</summary>
    public VectorDataViewType InputType { get; }

    /// <summary>The output column type (the label's).</summary>
    public VectorDataViewType OutputType { get; }

    /// <summary>Weights, row-major [input elements, output elements].</summary>
    public ReadOnlyMemory<float> Weights => _weights;

    /// <summary>Bias per output element (zeros without an intercept).</summary>
    public ReadOnlyMemory<float> Bias => _bias;

    /// <summary>Number of training rows.</summary>
    public long ExampleCount { get; }

    /// <inheritdoc />
    protected override ITransformer SavedForm => _savedForm.Value;

    /// <summary>The ONNX graph of the saved form: one frame of the input column → the output column, with their shapes.</summary>
    public byte[] ToOnnx()
    {
        var (input, output) = OnnxSavedForm.TensorNames(Options.InputColumnName, Options.OutputColumnName);
        return LinearLifterGraph.Bytes(_weights, _bias, Dimensions(InputType), Dimensions(OutputType), Options.InputColumnName, Options.OutputColumnName,
            new OnnxExportOptions { InputName = input, OutputName = output, ColumnShapes = true });
    }

    private static int[] Dimensions(VectorDataViewType type) => [.. type.Dimensions];

    /// <inheritdoc />
    protected override BatchMapper Bind(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    private sealed class Mapper : BatchMapper
    {
        private readonly LinearLifterTransformer _stage;

        public Mapper(LinearLifterTransformer stage, DataViewSchema schema)
            : base(schema, InputsOf(stage, schema), [(stage.Options.OutputColumnName, stage.OutputType)]) => _stage = stage;

        private static (string, int)[] InputsOf(LinearLifterTransformer stage, DataViewSchema schema)
        {
            var type = LinearLifterEstimator.RequireKnownFloatVector(schema, stage.Options.InputColumnName);
            if (type.Size != stage.InputType.Size)
                throw new SchemaMismatchException(stage.Options.InputColumnName, $"expected {PoseColumnTypes.Describe(stage.InputType)}, found {PoseColumnTypes.Describe(type)}");
            return [(stage.Options.InputColumnName, type.Size)];
        }

        public override IBatchWorker CreateWorker() => new Worker(_stage);
    }

    private sealed class Worker(LinearLifterTransformer stage) : IBatchWorker
    {
        public void Map(BatchBuffers batch) =>
            LinearRidge.Predict(batch.Input(0), stage._weights, stage._bias, batch.Rows, stage.InputType.Size, stage.OutputType.Size, batch.FloatOutput(0));
    }
}
