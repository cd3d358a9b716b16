using PoseML.Core;
using PoseML.Nn.Networks;

namespace PoseML.Onnx;

/// <summary>Exports trained networks as standard ONNX models (IR <see cref="OnnxFormat.IrVersion"/>, opset
/// <see cref="OnnxFormat.Opset"/>), to serve them outside .NET. Fitted lifting stages and models holding one export
/// through <c>ModelOnnxExport</c> in the pipeline layer above the stages.</summary>
/// <remarks>
/// Every graph has one float input <c>[batch, in]</c> and one float output <c>[batch, out]</c> (names from
/// <see cref="OnnxExportOptions"/>, default <c>input</c> / <c>output</c>) with a symbolic <c>batch</c> dimension:
/// in = G·InputFeatures, out = G·OutputFeatures (the network's own tensors). Networks are exported in evaluation
/// mode whatever their current mode: BatchNorm uses its running statistics and is folded into the preceding linear
/// layer, Dropout is left out.
/// </remarks>
public static class OnnxExport
{
    internal static string ProducerVersion { get; } = typeof(OnnxExport).Assembly.GetName().Version?.ToString(3) ?? "0";

    /// <summary>The ONNX file of <paramref name="network"/> as bytes.</summary>
    public static byte[] ToOnnxBytes(LifterNetwork network, OnnxExportOptions? options = null) => Build(network, options).ToBytes();

    /// <summary>Writes <paramref name="network"/> as ONNX to <paramref name="stream"/> (left open).</summary>
    public static void Save(LifterNetwork network, Stream stream, OnnxExportOptions? options = null) => Write(Build(network, options), stream);

    /// <summary>Writes <paramref name="network"/> as an ONNX file, atomically.</summary>
    public static void Save(LifterNetwork network, string path, OnnxExportOptions? options = null) => WriteFile(Build(network, options), path);

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

    internal static void Write(OnnxModel model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        model.WriteTo(new ProtoWriter(stream));
    }

    internal static void WriteFile(OnnxModel model, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.Write(path, stream => model.WriteTo(new ProtoWriter(stream)));
    }
}
