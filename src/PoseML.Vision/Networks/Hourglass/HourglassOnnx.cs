using PoseML.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PoseML.Vision.Networks.Hourglass;

/// <summary>Exports a <see cref="StackedHourglass"/>'s prediction in evaluation mode as an ONNX graph (PoseML's writer,
/// opset 17) of one row without a batch dimension: image <c>[3,S,S]</c> in, the last stack's heatmaps <c>[J,S/4,S/4]</c>
/// out. Operators: Reshape, Conv, BatchNormalization (running statistics), Relu, MaxPool, Resize (nearest, ×2,
/// asymmetric coordinates with floor: output pixel i reads input pixel ⌊i/2⌋, as PyTorch's nearest interpolation) and Add.</summary>
internal static class HourglassOnnx
{
    /// <summary>libtorch's BatchNorm2d epsilon (the networks are built with the default).</summary>
    private const float BatchNormEpsilon = 1e-5f;

    public static byte[] Build(StackedHourglass net, string inputName, string outputName)
    {
        var shape = net.Shape;
        int s = shape.InputSize, h = shape.HeatmapSize;
        var b = new OnnxGraphBuilder();
        b.Reserve(inputName);
        b.Reserve(outputName);
        var x = b.Op("Reshape", [inputName, b.Constant("shape", new long[] { 1, 3, s, s }, 4)]);
        var stem = net.StemModule;
        x = b.Op("Relu", [Norm(b, stem.Bn, Conv(b, stem.Conv, x, stride: 2))]);
        x = Res(b, stem.Res1, x);
        x = Pool(b, x);
        x = Res(b, stem.Res3, Res(b, stem.Res2, x));
        string heads = x;
        for (var i = 0; i < shape.Stacks; i++)
        {
            var f = net.Features[i];
            var feature = b.Op("Relu", [Norm(b, f.Bn, Conv(b, f.Conv, Res(b, f.Res, Glass(b, net.Hourglasses[i], x))))]);
            heads = Conv(b, net.Heads[i], feature);
            if (i < shape.Stacks - 1)
                x = b.Op("Add", [b.Op("Add", [x, Conv(b, net.MergeFeatures[i], feature)]), Conv(b, net.MergeHeads[i], heads)]);
        }
        b.Op("Reshape", [heads, b.Constant("shape", new long[] { shape.Joints, h, h }, 3)], outputName);
        var graph = b.Build("poseml_stacked_hourglass", new OnnxValueInfo(inputName, OnnxDataType.Float, 3, s, s),
            new OnnxValueInfo(outputName, OnnxDataType.Float, shape.Joints, h, h));
        return new OnnxModel(graph, [new("poseml.stage", "PoseML.HeatmapEstimator")], OnnxExport.ProducerVersion).ToBytes();
    }

    private static string Glass(OnnxGraphBuilder b, Hourglass glass, string x)
    {
        var up = Res(b, glass.Up1, x);
        var low = Res(b, glass.Low1, Pool(b, x));
        low = glass.Low2 switch
        {
            Hourglass inner => Glass(b, inner, low),
            Residual residual => Res(b, residual, low),
            var other => throw new InvalidOperationException($"unexpected hourglass module {other.GetType().Name}"),
        };
        low = Res(b, glass.Low3, low);
        var scales = b.Constant("scales", [1f, 1f, 2f, 2f], 4);
        var upsampled = b.Op("Resize", [low, "", scales], OnnxAttribute.String("mode", "nearest"),
            OnnxAttribute.String("coordinate_transformation_mode", "asymmetric"), OnnxAttribute.String("nearest_mode", "floor"));
        return b.Op("Add", [up, upsampled]);
    }

    private static string Res(OnnxGraphBuilder b, Residual r, string x)
    {
        var h = Conv(b, r.Conv1, b.Op("Relu", [Norm(b, r.Bn1, x)]));
        h = Conv(b, r.Conv2, b.Op("Relu", [Norm(b, r.Bn2, h)]));
        h = Conv(b, r.Conv3, b.Op("Relu", [Norm(b, r.Bn3, h)]));
        return b.Op("Add", [h, r.Skip is null ? x : Conv(b, r.Skip, x)]);
    }

    private static string Pool(OnnxGraphBuilder b, string x) =>
        b.Op("MaxPool", [x], OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Ints("strides", 2, 2));

    private static string Conv(OnnxGraphBuilder b, Conv2d conv, string x, int stride = 1)
    {
        var w = conv.weight!;
        var dims = w.shape;
        var k = dims[2];
        var pad = k / 2;
        var inputs = new List<string> { x, b.Constant("conv_w", Floats(w), dims) };
        if (conv.bias is { } bias) inputs.Add(b.Constant("conv_b", Floats(bias), dims[0]));
        return b.Op("Conv", [.. inputs], OnnxAttribute.Ints("kernel_shape", k, k), OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.Ints("pads", pad, pad, pad, pad));
    }

    private static string Norm(OnnxGraphBuilder b, BatchNorm2d bn, string x)
    {
        var c = bn.running_mean!.shape[0];
        return b.Op("BatchNormalization", [x, b.Constant("bn_scale", Floats(bn.weight!), c), b.Constant("bn_bias", Floats(bn.bias!), c),
            b.Constant("bn_mean", Floats(bn.running_mean), c), b.Constant("bn_var", Floats(bn.running_var!), c)],
            OnnxAttribute.Float("epsilon", BatchNormEpsilon));
    }

    private static float[] Floats(Tensor t)
    {
        using var cpu = t.detach().cpu().contiguous();
        return cpu.data<float>().ToArray();
    }
}
