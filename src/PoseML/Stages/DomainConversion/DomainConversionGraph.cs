using PoseML.Onnx;

namespace PoseML.Stages.DomainConversion;

/// <summary>The domain conversion of one row as an ONNX graph (opset 17, no batch dimension): heatmaps
/// <c>[J,H,W]</c> in, keypoints <c>[J,2]</c> and optionally confidence <c>[J]</c> out, named after the stage's
/// columns. The maps are flattened to <c>[J,H·W]</c>; soft-argmax multiplies them with a constant coordinate grid
/// (Sum: columns 1, u, v then divides; Softmax: <c>Softmax(β·h)</c> times columns u, v), argmax takes
/// <c>ArgMax</c> (first maximum, as <see cref="HeatmapArgmax"/>) and splits the index into u, v; then
/// <c>(x + 0.5)·scale − 0.5 + offset</c>. Missing joints follow the stage: Sum maps whose sum is not positive
/// and finite, and argmax maps holding a NaN, give NaN keypoints and confidence 0.</summary>
internal static class DomainConversionGraph
{
    public static byte[] Build(DomainConversionOptions options, int joints, int height, int width)
    {
        var size = height * width;
        var b = new OnnxGraphBuilder();
        var input = options.InputColumnName;
        b.Reserve(input);
        b.Reserve(options.OutputColumnName);
        if (options.ConfidenceColumnName is { } c) b.Reserve(c);
        if (options.MappingColumnName is { } m) b.Reserve(m);
        var flat = b.Op("Reshape", [input, b.Constant("shape", new long[] { joints, size }, 2)]);
        string xy;
        string? valid = null;
        if (options.Method == DomainConversionMethod.Argmax)
        {
            var index = b.Op("ArgMax", [flat], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 1));
            var w = b.Constant("width", new long[] { width }, 1);
            var u = b.Op("Cast", [b.Op("Mod", [index, w])], OnnxAttribute.Int("to", (long)OnnxDataType.Float));
            var v = b.Op("Cast", [b.Op("Div", [index, w])], OnnxAttribute.Int("to", (long)OnnxDataType.Float));
            xy = b.Op("Concat", [u, v], OnnxAttribute.Int("axis", 1));
            var nan = b.Op("ReduceMax", [b.Op("Cast", [b.Op("IsNaN", [flat])], OnnxAttribute.Int("to", (long)OnnxDataType.Float))],
                OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1));
            valid = b.Op("Not", [b.Op("Greater", [nan, b.Constant("zero", [0f], 1)])]);
        }
        else if (options.Normalization == HeatmapNormalization.Softmax)
        {
            var scaled = options.Beta == 1 ? flat : b.Op("Mul", [flat, b.Constant("beta", [options.Beta], 1)]);
            var p = b.Op("Softmax", [scaled], OnnxAttribute.Int("axis", 1));
            xy = b.Op("MatMul", [p, b.Constant("grid_uv", Grid(height, width, withOnes: false), size, 2)]);
        }
        else
        {
            var moments = b.Op("MatMul", [flat, b.Constant("grid_1uv", Grid(height, width, withOnes: true), size, 3)]);
            var parts = b.OpMulti("Split", [moments], 3, OnnxAttribute.Int("axis", 1));
            var sums = parts[0];
            xy = b.Op("Div", [b.Op("Concat", [parts[1], parts[2]], OnnxAttribute.Int("axis", 1)), sums]);
            var finite = b.Op("Not", [b.Op("IsInf", [sums])]);
            valid = b.Op("And", [b.Op("Greater", [sums, b.Constant("zero", [0f], 1)]), finite]);
        }
        var half = b.Constant("half", [0.5f], 1);
        var mapped = b.Op("Add", [b.Op("Sub", [b.Op("Mul", [b.Op("Add", [xy, half]), b.Constant("scale", [options.ScaleX, options.ScaleY], 2)]), half]),
            b.Constant("offset", [options.OffsetX, options.OffsetY], 2)]);
        if (options.MappingColumnName is { } rowMapping)
        {
            // the row's (ScaleX, ScaleY, OffsetX, OffsetY), broadcast over the joints: (x + 0.5)·scale − 0.5 + offset
            var parts = b.OpMulti("Split", [rowMapping, b.Constant("split", new long[] { 2, 2 }, 2)], 2, OnnxAttribute.Int("axis", 0));
            mapped = b.Op("Add", [b.Op("Sub", [b.Op("Mul", [b.Op("Add", [mapped, half]), parts[0]]), half]), parts[1]]);
        }
        var keypoints = valid is null ? mapped : b.Op("Where", [valid, mapped, b.Constant("nan", [float.NaN], 1)]);
        b.Bind(keypoints, options.OutputColumnName);
        var outputs = new List<OnnxValueInfo> { new(options.OutputColumnName, OnnxDataType.Float, joints, 2) };
        if (options.ConfidenceColumnName is { } confidence)
        {
            var peak = b.Op("ReduceMax", [flat], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1));
            var clipped = b.Op("Clip", [peak, b.Constant("lo", [0f]), b.Constant("hi", [1f])]);
            var missing = b.Op("IsNaN", [b.Op("Gather", [options.OutputColumnName, b.Constant("x", new long[] { 0 }, 1)], OnnxAttribute.Int("axis", 1))]);
            var value = b.Op("Where", [missing, b.Constant("zero", [0f], 1), clipped]);
            b.Op("Reshape", [value, b.Constant("shape", new long[] { joints }, 1)], confidence);
            outputs.Add(new OnnxValueInfo(confidence, OnnxDataType.Float, joints));
        }
        var inputs = new List<OnnxValueInfo> { new(input, OnnxDataType.Float, joints, height, width) };
        if (options.MappingColumnName is { } mappingColumn) inputs.Add(new OnnxValueInfo(mappingColumn, OnnxDataType.Float, 4));
        var graph = b.Build("poseml_domain_conversion", inputs, outputs);
        return new OnnxModel(graph, [new("poseml.stage", "PoseML.DomainConversion")], OnnxExport.ProducerVersion).ToBytes();
    }

    /// <summary>Row-major <c>[H·W, 2]</c> (u, v) or <c>[H·W, 3]</c> (1, u, v) of every pixel.</summary>
    private static float[] Grid(int height, int width, bool withOnes)
    {
        var k = withOnes ? 3 : 2;
        var grid = new float[height * width * k];
        for (var v = 0; v < height; v++)
        {
            for (var u = 0; u < width; u++)
            {
                var row = grid.AsSpan((v * width + u) * k, k);
                if (withOnes) row[0] = 1;
                row[k - 2] = u;
                row[k - 1] = v;
            }
        }
        return grid;
    }
}
