using PoseML.Onnx;

namespace PoseML.Stages.RarePose;

/// <summary>Exact-mode occurrence of one pose as an ONNX graph (opset 17, no batch dimension) holding the fitted
/// state as initializers: the reference positions per joint, root-relative and scaled by <c>a_j = 1/(σ_j√2)</c>
/// (<c>R [J,3,M]</c>, with <c>‖p'‖²</c> as <c>RR [J,1,M]</c>), the scales, and the constant joints' values.
/// Per joint: <c>q' = a_j·(P_j − P_root)</c>, <c>d² = ‖q'‖² − 2·q'·R_j + RR_j</c> (a batched MatMul
/// <c>[J,1,3]×[J,3,M]</c>), <c>mean_m exp(−max(d², 0))</c>; a constant joint scores 1 on equality, 0 otherwise;
/// a NaN joint scores NaN; the occurrence is the mean over joints, output as <c>[1]</c>.</summary>
internal static class OccurrenceGraph
{
    public static byte[] Build(OccurrenceScorer scorer, string inputName, string outputName)
    {
        if (scorer.ScaledReference is not { } scaled) throw new InvalidOperationException("the occurrence graph needs an exact-mode scorer");
        int joints = scorer.Joints, m = checked((int)scorer.ReferenceCount);
        var sigma = scorer.Sigma.Span;
        var scale = new float[joints];
        var isConstant = new float[joints];
        var reference = new float[joints * 3 * m];
        var squares = new float[joints * m];
        for (var j = 0; j < joints; j++)
        {
            if (sigma[j] == 0)
            {
                isConstant[j] = 1;
                continue;
            }
            scale[j] = (float)(1 / (sigma[j] * Math.Sqrt(2)));
            scaled[j].CopyTo(reference.AsSpan(j * 3 * m, 3 * m));
            for (var i = 0; i < m; i++)
            {
                float x = scaled[j][i], y = scaled[j][m + i], z = scaled[j][2 * m + i];
                squares[j * m + i] = x * x + y * y + z * z;
            }
        }

        var b = new OnnxGraphBuilder();
        b.Reserve(inputName);
        b.Reserve(outputName);
        var q = inputName;
        if (scorer.Options.RootJoint >= 0)
        {
            var root = b.Op("Gather", [inputName, b.Constant("root", new long[] { scorer.Options.RootJoint }, 1)], OnnxAttribute.Int("axis", 0));
            q = b.Op("Sub", [inputName, root]);
        }
        var qs = b.Op("Mul", [q, b.Constant("scale", scale, joints, 1)]);
        var dot = b.Op("MatMul", [b.Op("Reshape", [qs, b.Constant("shape", new long[] { joints, 1, 3 }, 3)]), b.Constant("reference", reference, joints, 3, m)]);
        var qq = b.Op("ReduceSumSquare", [qs], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1));
        var qq3 = b.Op("Reshape", [qq, b.Constant("shape", new long[] { joints, 1, 1 }, 3)]);
        var d2 = b.Op("Add", [b.Op("Sub", [qq3, b.Op("Mul", [dot, b.Constant("two", [2f], 1)])]), b.Constant("reference_sq", squares, joints, 1, m)]);
        var kernel = b.Op("Exp", [b.Op("Neg", [b.Op("Relu", [d2])])]);
        var sums = b.Op("ReduceSum", [kernel, b.Constant("axes", new long[] { 2 }, 1)], OnnxAttribute.Int("keepdims", 0));
        var mean = b.Op("Div", [sums, b.Constant("count", [(float)m], 1)]);
        var equal = b.Op("Cast", [b.Op("Equal", [q, b.Constant("constant", scorer.ConstantValues, joints, 3)])], OnnxAttribute.Int("to", (long)OnnxDataType.Float));
        var allEqual = b.Op("ReduceMin", [equal], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1));
        var constantMask = b.Op("Greater", [b.Constant("is_constant", isConstant, joints, 1), b.Constant("zero", [0f], 1)]);
        var term = b.Op("Where", [constantMask, allEqual, mean]);
        var nan = b.Op("IsNaN", [b.Op("ReduceSum", [q, b.Constant("axes", new long[] { 1 }, 1)], OnnxAttribute.Int("keepdims", 1))]);
        term = b.Op("Where", [nan, b.Constant("nan", [float.NaN], 1), term]);
        b.Op("ReduceMean", [term], outputName, OnnxAttribute.Ints("axes", 0), OnnxAttribute.Int("keepdims", 0));
        var graph = b.Build("poseml_occurrence", [new OnnxValueInfo(inputName, OnnxDataType.Float, joints, 3)], [new OnnxValueInfo(outputName, OnnxDataType.Float, 1)]);
        return new OnnxModel(graph, [new("poseml.stage", "PoseML.RarePose"), new("poseml.mode", "Exact")], OnnxExport.ProducerVersion).ToBytes();
    }
}
