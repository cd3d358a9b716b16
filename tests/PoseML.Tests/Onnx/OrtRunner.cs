using Microsoft.ML.OnnxRuntime;
using PoseML.Onnx;

namespace PoseML.Tests.Onnx;

/// <summary>Runs exported graphs with ONNX Runtime and compares them with our own outputs.</summary>
internal static class OrtRunner
{
    /// <summary>Agreement required between ONNX Runtime and our engine, relative to the largest reference magnitude.
    /// Both compute in float32 but sum in other orders (MLAS vs our GEMM blocking) and the exported graph has
    /// BatchNorm folded into the weights (rounded once more): differences are a few ulps of the sums, ~1e-6 of the
    /// output scale for these widths. 1e-4 leaves a 100× margin, while a real mistake (a wrong index, an unfolded
    /// or mis-folded BatchNorm, a missing activation) moves outputs by a sizeable fraction of their scale.</summary>
    public const float RelativeTolerance = 1e-4f;

    public static float[] Run(byte[] model, float[] input, int rows, int columns, string inputName = "input", string outputName = "output")
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        using var x = OrtValue.CreateTensorValueFromMemory(input, [rows, columns]);
        using var run = new RunOptions();
        using var outputs = session.Run(run, [inputName], [x], [outputName]);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        Assert.AreEqual(2, shape.Length);
        Assert.AreEqual(rows, shape[0]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>Asserts |actual − expected| ≤ <see cref="RelativeTolerance"/> · max|expected| element-wise.</summary>
    public static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, $"{what}: output length");
        var scale = Math.Max(1e-6f, expected.Max(MathF.Abs));
        var worst = 0f;
        var at = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = MathF.Abs(expected[i] - actual[i]);
            if (!(d <= worst)) (worst, at) = (d, i);
        }
        Console.WriteLine($"{what}: largest difference {worst / scale:g3} of the output scale {scale:g4}");
        Assert.IsTrue(worst <= RelativeTolerance * scale,
            $"{what}: largest difference {worst:g3} at {at} (expected {(at >= 0 ? expected[at] : 0):g6}, got {(at >= 0 ? actual[at] : 0):g6}) exceeds {RelativeTolerance:g} × {scale:g4}");
    }

    /// <summary>The (domain, version) opset imports and the IR version declared by a model file.</summary>
    public static (long IrVersion, List<(string Domain, long Version)> Opsets) Versions(byte[] model)
    {
        var fields = ProtoReader.Fields(model);
        var opsets = fields.Where(f => f.Field == 8).Select(f =>
        {
            var inner = ProtoReader.Fields(f.Bytes);
            var domain = inner.FirstOrDefault(i => i.Field == 1)?.Bytes is { } d ? System.Text.Encoding.UTF8.GetString(d) : "";
            return (domain, (long)inner.Single(i => i.Field == 2).Varint);
        }).ToList();
        return ((long)fields.Single(f => f.Field == 1).Varint, opsets);
    }

    /// <summary>The op types of the model's graph nodes.</summary>
    public static List<string> OpTypes(byte[] model)
    {
        var graph = ProtoReader.Fields(model).Single(f => f.Field == 7).Bytes;
        return ProtoReader.Fields(graph).Where(f => f.Field == 1)
            .Select(n => System.Text.Encoding.UTF8.GetString(ProtoReader.Fields(n.Bytes).Single(f => f.Field == 4).Bytes)).ToList();
    }

    public static void AssertDeclaresOpset(byte[] model)
    {
        var (ir, opsets) = Versions(model);
        Assert.AreEqual(OnnxFormat.IrVersion, ir);
        Assert.AreEqual(1, opsets.Count);
        Assert.AreEqual(("", OnnxFormat.Opset), opsets[0]);
    }
}
