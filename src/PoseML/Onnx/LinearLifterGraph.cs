using System.Globalization;
using PoseML.Stages.Regression;

namespace PoseML.Onnx;

/// <summary>The ONNX graph of a <see cref="LinearLifterTransformer"/>: one <c>Gemm</c>, <c>Ŷ = X·W + b</c> with
/// W [inputs, outputs] as stored (transB = 0), exactly the transformer's row computation.</summary>
internal static class LinearLifterGraph
{
    public static OnnxModel Build(LinearLifterTransformer stage, OnnxExportOptions options)
    {
        int d = stage.InputType.ElementCount, k = stage.OutputType.ElementCount;
        var b = new OnnxGraphBuilder();
        b.Reserve(options.InputName);
        b.Reserve(options.OutputName);
        b.Op("Gemm", [options.InputName, b.Constant("weight", stage.Weights.ToArray(), d, k), b.Constant("bias", stage.Bias.ToArray(), k)],
            options.OutputName);
        var graph = b.Build(options.GraphName ?? "poseml_linear_lifter",
            new OnnxValueInfo(options.InputName, OnnxDataType.Float, null, d),
            new OnnxValueInfo(options.OutputName, OnnxDataType.Float, null, k));
        var inv = CultureInfo.InvariantCulture;
        var metadata = new List<KeyValuePair<string, string>>
        {
            new("poseml.stage", LinearLifterTransformer.StageTypeName),
            new("poseml.input", string.Create(inv, $"float[batch,{d}]: column '{stage.Options.InputColumnName}' {stage.InputType} flattened")),
            new("poseml.output", string.Create(inv, $"float[batch,{k}]: column '{stage.Options.OutputColumnName}' {stage.OutputType} flattened")),
        };
        return new OnnxModel(graph, metadata, OnnxExport.ProducerVersion);
    }
}
