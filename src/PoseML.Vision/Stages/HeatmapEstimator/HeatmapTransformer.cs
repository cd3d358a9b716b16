using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.MLNet;
using PoseML.Vision.Networks.Hourglass;
using static TorchSharp.torch;

namespace PoseML.Vision.Stages.HeatmapEstimator;

/// <summary>A trained heatmap estimator (see <see cref="HeatmapEstimator"/>): in process it runs the TorchSharp network
/// in evaluation mode, a batch of images per forward pass; saved, it is the network's ONNX graph applied with
/// <c>ApplyOnnxModel</c>.</summary>
public sealed class HeatmapTransformer : PoseTransformerBase
{
    private readonly Lazy<ITransformer> _savedForm;
    private readonly int _inferenceBatch;

    internal HeatmapTransformer(StackedHourglass network, string imageColumn, string outputColumn, int inferenceBatch, DataViewSchema inputSchema)
    {
        Network = network;
        network.eval();
        ImageColumnName = imageColumn;
        OutputColumnName = outputColumn;
        _inferenceBatch = inferenceBatch;
        _savedForm = new(() => OnnxSavedForm.Fit(inputSchema, OnnxModel(), imageColumn, outputColumn));
    }

    /// <summary>The trained network (evaluation mode).</summary>
    public StackedHourglass Network { get; }

    /// <summary>The image column read.</summary>
    public string ImageColumnName { get; }

    /// <summary>The heatmap column written.</summary>
    public string OutputColumnName { get; }

    /// <summary>The ONNX graph the stage saves as (one row: image [3,S,S] → heatmaps [J,S/4,S/4]); also usable outside .NET.</summary>
    public byte[] OnnxModel() => HourglassOnnx.Build(Network, ImageColumnName, OutputColumnName);

    /// <summary>Writes the network's weights as safetensors (PyTorch names) to <paramref name="path"/> atomically.</summary>
    public void SaveWeights(string path) => HourglassWeights.Save(Network, path, new Dictionary<string, string>
    {
        ["poseml.stacks"] = Network.Shape.Stacks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["poseml.width"] = Network.Shape.Width.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["poseml.depth"] = Network.Shape.Depth.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["poseml.input_size"] = Network.Shape.InputSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["poseml.joints"] = Network.Shape.Joints.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    /// <inheritdoc />
    protected override int BatchSize => _inferenceBatch;

    /// <inheritdoc />
    protected override ITransformer SavedForm => _savedForm.Value;

    /// <inheritdoc />
    protected override BatchMapper Bind(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    private sealed class Mapper : BatchMapper
    {
        private readonly HeatmapTransformer _stage;

        public Mapper(HeatmapTransformer stage, DataViewSchema schema)
            : base(schema, InputsOf(stage, schema), [(stage.OutputColumnName, OutputType(stage))]) => _stage = stage;

        private static (string, int)[] InputsOf(HeatmapTransformer stage, DataViewSchema schema)
        {
            var s = HeatmapTrainingData.RequireImage(schema, stage.ImageColumnName, stage.Network.Shape.InputSize);
            return [(stage.ImageColumnName, 3 * s * s)];
        }

        private static VectorDataViewType OutputType(HeatmapTransformer stage)
        {
            var shape = stage.Network.Shape;
            return PoseColumnTypes.Vector(shape.Joints, shape.HeatmapSize, shape.HeatmapSize);
        }

        public override IBatchWorker CreateWorker() => new Worker(_stage.Network);
    }

    private sealed class Worker(StackedHourglass network) : IBatchWorker
    {
        public void Map(BatchBuffers batch)
        {
            var s = network.Shape.InputSize;
            var device = network.parameters().First().device;
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var x = tensor(batch.Input(0).ToArray(), [batch.Rows, 3, s, s], device: device);
            Tensor y;
            lock (network) y = network.Predict(x);
            using var cpu = y.cpu();
            cpu.data<float>().CopyTo(batch.FloatOutput(0));
        }
    }
}
