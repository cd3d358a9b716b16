using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.MLNet;

namespace PoseML.Vision.Stages.HeatmapEstimator;

/// <summary>The heatmap estimator of Deep Pose Consensus Networks (§4.1, the experiments' Case 2): Newell et al.'s
/// stacked hourglass, trained with TorchSharp, mapping an image to one heatmap per joint at a quarter of its
/// resolution. Create it with <c>mlContext.Transforms.EstimateHeatmaps(…)</c>.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Property</term><description>Value</description></listheader>
/// <item><term>Needs Fit?</term><description>Yes: trains the network (seeded; progress and cancellation through <see cref="PoseRun"/>)</description></item>
/// <item><term>Training columns</term><description>Image float[3,S,S]; Keypoints2D float[J,2] (image pixels); Visibility float[J]; CropToImage float[4]</description></item>
/// <item><term>Input column</term><description>Image float[3,S,S] (RGB, CHW, values in [0,1])</description></item>
/// <item><term>Output column</term><description>Heatmaps float[J,S/4,S/4] (the last stack's); feed it to <c>ConvertHeatmapsToKeypoints</c>
/// with scale 4 and <c>MappingColumnName = "CropToImage"</c> for keypoints in original image pixels</description></item>
/// <item><term>Trainable</term><description>Yes (Adam on L_2d, every stack supervised)</description></item>
/// <item><term>Saved as</term><description>An ONNX graph (Conv, BatchNormalization, Relu, MaxPool, Resize, Add) applied with
/// <c>ApplyOnnxModel</c>; loads without PoseML or TorchSharp. Loaded output matches within float rounding.</description></item>
/// </list>
/// </remarks>
public sealed class HeatmapEstimator : IEstimator<HeatmapTransformer>
{
    private readonly PoseRunContext _run;
    private readonly int _seed;

    /// <summary>Creates the estimator (prefer the catalog method); an unset seed is drawn from the context now, so
    /// fitting the same estimator twice gives the same network.</summary>
    /// <exception cref="InvalidOptionException">An option is out of range.</exception>
    public HeatmapEstimator(PoseRunContext run, HeatmapEstimatorOptions options)
    {
        _run = run ?? throw new ArgumentNullException(nameof(run));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        _seed = options.Seed ?? run.NextSeed();
    }

    /// <summary>The options.</summary>
    public HeatmapEstimatorOptions Options { get; }

    /// <summary>The mean L_2d of each epoch of the last <see cref="Fit"/>.</summary>
    public IReadOnlyList<double> EpochLosses { get; private set; } = [];

    /// <inheritdoc />
    public HeatmapTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = new HeatmapTrainingData(input.Schema, Options);
        var trainer = new HeatmapTrainer(Options, _run, _seed);
        var net = trainer.Train(input, columns);
        EpochLosses = trainer.EpochLosses.ToArray();
        return new HeatmapTransformer(net, Options.ImageColumnName, Options.OutputColumnName, Options.InferenceBatchSize, input.Schema);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        PoseColumnTypes.RequireFloatVector(inputSchema, Options.ImageColumnName, 3, Options.InputSize, Options.InputSize);
        return SchemaShapes.With(inputSchema, [(Options.OutputColumnName, PoseColumnTypes.Vector(1, 1, 1))]);
    }
}
