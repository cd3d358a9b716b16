using PoseML.Onnx;
using System.Globalization;

namespace PoseML.Stages.Regression;

/// <summary>The ONNX graph of a <see cref="LinearLifterTransformer"/>: one <c>Gemm</c>, <c>Ŷ = X·W + b</c> with
/// W [inputs, outputs] as stored (transB = 0), exactly the transformer's row computation.</summary>
internal static class LinearLifterGraph
{
    /// <summary>The <c>poseml.stage</c> metadata value.</summary>
    public const string StageName = "PoseML.LinearLifter";

    public static OnnxModel Build(LinearLifterTransformer stage, OnnxExportOptions options) =>
        Build(stage.Weights.ToArray(), stage.Bias.ToArray(), [.. stage.InputType.Dimensions], [.. stage.OutputType.Dimensions],
            stage.Options.InputColumnName, stage.Options.OutputColumnName, options);

    /// <summary>The graph of weights [Π inputShape, Π outputShape] and bias; with <see cref="OnnxExportOptions.ColumnShapes"/>
    /// the graph maps one frame with the column shapes (Reshape nodes around the Gemm).</summary>
    public static OnnxModel Build(float[] weights, float[] bias, int[] inputShape, int[] outputShape, string inputColumn, string outputColumn,
        OnnxExportOptions options)
    {
        int d = inputShape.Aggregate(1, (a, n) => a * n), k = outputShape.Aggregate(1, (a, n) => a * n);
        var shaped = options.ColumnShapes;
        var b = new OnnxGraphBuilder();
        b.Reserve(options.InputName);
        b.Reserve(options.OutputName);
        var x = shaped ? b.Op("Reshape", [options.InputName, b.Constant("input_shape", new long[] { -1, d }, 2)]) : options.InputName;
        var y = b.Op("Gemm", [x, b.Constant("weight", weights, d, k), b.Constant("bias", bias, k)]);
        if (shaped) y = b.Op("Reshape", [y, b.Constant("output_shape", outputShape.Select(n => (long)n).ToArray(), outputShape.Length)]);
        b.Bind(y, options.OutputName);
        long?[] Dims(int[] shape, int flat) => shaped ? shape.Select(n => (long?)n).ToArray() : [null, flat];
        var graph = b.Build(options.GraphName ?? "poseml_linear_lifter",
            new OnnxValueInfo(options.InputName, OnnxDataType.Float, Dims(inputShape, d)),
            new OnnxValueInfo(options.OutputName, OnnxDataType.Float, Dims(outputShape, k)));
        var inv = CultureInfo.InvariantCulture;
        string Describe(int[] shape, int flat, string column) => shaped
            ? string.Create(inv, $"float[{string.Join(",", shape)}], one frame: column '{column}'")
            : string.Create(inv, $"float[batch,{flat}]: column '{column}' float[{string.Join(",", shape)}] flattened");
        var metadata = new List<KeyValuePair<string, string>>
        {
            new("poseml.stage", StageName),
            new("poseml.input", Describe(inputShape, d, inputColumn)),
            new("poseml.output", Describe(outputShape, k, outputColumn)),
        };
        return new OnnxModel(graph, metadata, OnnxExport.ProducerVersion);
    }

    /// <summary>The ONNX file of a linear lifter: <paramref name="weights"/> [Π inputShape, Π outputShape] and
    /// <paramref name="bias"/>.</summary>
    internal static byte[] Bytes(float[] weights, float[] bias, int[] inputShape, int[] outputShape, string inputColumn, string outputColumn,
        OnnxExportOptions? options = null)
    {
        options ??= new OnnxExportOptions();
        options.Validate();
        return Build(weights, bias, inputShape, outputShape, inputColumn, outputColumn, options).ToBytes();
    }
}
