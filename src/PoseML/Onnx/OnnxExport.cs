using Microsoft.ML;
using PoseML.Core;
using PoseML.Nn.Networks;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.JointGrouping;
using PoseML.Stages.Regression;

namespace PoseML.Onnx;

/// <summary>Exports trained networks and lifting stages as standard ONNX models (IR <see cref="OnnxFormat.IrVersion"/>,
/// opset <see cref="OnnxFormat.Opset"/>), to serve them outside .NET or through ML.NET's <c>ApplyOnnxModel</c>.</summary>
/// <remarks>
/// Every graph has one float input <c>[batch, in]</c> and one float output <c>[batch, out]</c> (names from
/// <see cref="OnnxExportOptions"/>, default <c>input</c> / <c>output</c>) with a symbolic <c>batch</c> dimension.
/// Networks are exported in evaluation mode whatever their current mode: BatchNorm uses its running statistics
/// and is folded into the preceding linear layer, Dropout is left out.
/// <list type="bullet">
/// <item><see cref="LifterNetwork"/>: in = G·InputFeatures, out = G·OutputFeatures (the network's own tensors).</item>
/// <item><see cref="GroupLifterTransformer"/> (DPCN group lifters, Martinez), or a fitted DPCN/Martinez
/// <see cref="Microsoft.ML.Data.TransformerChain{TLastTransformer}"/> (its group-lifter stage is exported): in = J·2, the input column
/// (2D keypoints, pixels) flattened; out = Σn_g·3, the output column (stacked group rows, mm) flattened: a
/// drop-in for the stage's row computation. With <see cref="OnnxExportOptions.IncludeNormalization"/> false,
/// the bare network.</item>
/// <item><see cref="LinearLifterTransformer"/>: in and out are its input and output columns flattened.</item>
/// </list>
/// The consensus of Deep Pose Consensus Networks is an optimisation, not a network; it stays in PoseML.
/// </remarks>
public static class OnnxExport
{
    internal static string ProducerVersion { get; } = typeof(OnnxExport).Assembly.GetName().Version?.ToString(3) ?? "0";

    /// <summary>Whether <paramref name="model"/> is a stage this class exports: a fitted group-lifter or linear-lifter
    /// transformer, or a transformer chain (such as a fitted DPCN or Martinez model) holding exactly one of them.</summary>
    public static bool CanExport(ITransformer model) => model is not null && Exportable(model).Count == 1;

    /// <summary>The ONNX file of <paramref name="network"/> as bytes.</summary>
    public static byte[] ToOnnxBytes(LifterNetwork network, OnnxExportOptions? options = null) => Build(network, options).ToBytes();

    /// <summary>The ONNX file of a fitted lifting stage (see <see cref="CanExport"/>) as bytes.</summary>
    /// <exception cref="InvalidOptionException"><paramref name="model"/> is not an exportable stage.</exception>
    public static byte[] ToOnnxBytes(ITransformer model, OnnxExportOptions? options = null) => Build(model, options).ToBytes();

    /// <summary>Writes <paramref name="network"/> as ONNX to <paramref name="stream"/> (left open).</summary>
    public static void Save(LifterNetwork network, Stream stream, OnnxExportOptions? options = null) => Write(Build(network, options), stream);

    /// <summary>Writes <paramref name="network"/> as an ONNX file, atomically.</summary>
    public static void Save(LifterNetwork network, string path, OnnxExportOptions? options = null) => WriteFile(Build(network, options), path);

    /// <summary>Writes a fitted lifting stage as ONNX to <paramref name="stream"/> (left open).</summary>
    public static void Save(ITransformer model, Stream stream, OnnxExportOptions? options = null) => Write(Build(model, options), stream);

    /// <summary>Writes a fitted lifting stage as an ONNX file, atomically.</summary>
    public static void Save(ITransformer model, string path, OnnxExportOptions? options = null) => WriteFile(Build(model, options), path);

    /// <summary>The ONNX file of trained group lifters (or Martinez, one group of all joints): the grouped
    /// <paramref name="network"/>, its joint <paramref name="groups"/> and z-scores, mapping column
    /// <paramref name="inputColumn"/> (keypoints) to <paramref name="outputColumn"/> (stacked group rows); the
    /// column names go into the metadata.</summary>
    internal static byte[] GroupLifterBytes(LifterNetwork network, JointGroups groups, GroupNormalization norm, string inputColumn, string outputColumn,
        OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        options ??= new OnnxExportOptions();
        options.Validate();
        return GroupLifterGraph.Build(network, new GroupLayout(groups), norm, inputColumn, outputColumn, options).ToBytes();
    }

    /// <summary>The ONNX file of a linear lifter: <paramref name="weights"/> [Π inputShape, Π outputShape] and
    /// <paramref name="bias"/>.</summary>
    internal static byte[] LinearLifterBytes(float[] weights, float[] bias, int[] inputShape, int[] outputShape, string inputColumn, string outputColumn,
        OnnxExportOptions? options = null)
    {
        options ??= new OnnxExportOptions();
        options.Validate();
        return LinearLifterGraph.Build(weights, bias, inputShape, outputShape, inputColumn, outputColumn, options).ToBytes();
    }

    private static OnnxModel Build(LifterNetwork network, OnnxExportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(network);
        options ??= new OnnxExportOptions();
        options.Validate();
        var b = new OnnxGraphBuilder();
        b.Reserve(options.InputName);
        b.Reserve(options.OutputName);
        b.Bind(NetworkGraph.Emit(b, network, options.InputName, options.GroupLayout), options.OutputName);
        var graph = b.Build(options.GraphName ?? "poseml_lifter_network",
            new OnnxValueInfo(options.InputName, OnnxDataType.Float, null, network.InputSize),
            new OnnxValueInfo(options.OutputName, OnnxDataType.Float, null, network.OutputSize));
        return new OnnxModel(graph, [new("poseml.network", "LifterNetwork"), new("poseml.groups", network.Options.Groups.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            ProducerVersion);
    }

    private static OnnxModel Build(ITransformer model, OnnxExportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new OnnxExportOptions();
        options.Validate();
        var stages = Exportable(model);
        if (stages.Count > 1)
            throw new InvalidOptionException(nameof(model), $"{model.GetType().Name} holds {stages.Count} network stages; export one of them");
        return stages.SingleOrDefault() switch
        {
            GroupLifterTransformer lifters => GroupLifterGraph.Build(lifters, options),
            LinearLifterTransformer linear => LinearLifterGraph.Build(linear, options),
            _ => throw new InvalidOptionException(nameof(model),
                $"{model.GetType().Name} has no network to export; ONNX export covers the group lifters (DPCN, Martinez) and the linear lifter"),
        };
    }

    /// <summary>The exportable stages of <paramref name="model"/>: itself, or those of a (nested) transformer chain.</summary>
    private static List<ITransformer> Exportable(ITransformer model) => model switch
    {
        GroupLifterTransformer or LinearLifterTransformer => [model],
        IEnumerable<ITransformer> chain => chain.SelectMany(Exportable).ToList(),
        _ => [],
    };

    private static void Write(OnnxModel model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        model.WriteTo(new ProtoWriter(stream));
    }

    private static void WriteFile(OnnxModel model, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.Write(path, stream => model.WriteTo(new ProtoWriter(stream)));
    }
}
