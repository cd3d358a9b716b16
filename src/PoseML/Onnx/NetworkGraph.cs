using PoseML.Core;
using PoseML.Nn.Modules;
using PoseML.Nn.Networks;

namespace PoseML.Onnx;

/// <summary>Emits a network's evaluation-mode function as ONNX nodes: each linear layer becomes a <c>Gemm</c>
/// (or, for grouped layers in <see cref="OnnxGroupLayout.BatchedMatMul"/>, a batched <c>MatMul</c> + <c>Add</c>)
/// with the following BatchNorm folded into it (<see cref="BatchNormFolding"/>), Dropout is dropped (the identity
/// in evaluation mode), ReLU / LeakyReLU become <c>Relu</c> / <c>LeakyRelu</c>, residual blocks an <c>Add</c>.</summary>
internal static class NetworkGraph
{
    /// <summary>The layers of <paramref name="network"/> in forward order.</summary>
    public static IReadOnlyList<Module> Layers(LifterNetwork network)
    {
        // LifterNetwork.Forward runs its children in registration order; check it so a change there cannot go unnoticed.
        string[] expected = ["inp", "bn", "act", "drop", "blocks", "out"];
        var names = network.Children.Select(c => c.Name).ToArray();
        if (!names.SequenceEqual(expected))
            throw new InvalidOperationException($"LifterNetwork children are [{string.Join(", ", names)}], the exporter knows [{string.Join(", ", expected)}]");
        return network.Children.Select(c => c.Module).ToArray();
    }

    /// <summary>Emits <paramref name="network"/> on <paramref name="x"/> [batch, G·in] and returns its [batch, G·out] output.</summary>
    public static string Emit(OnnxGraphBuilder b, LifterNetwork network, string x, OnnxGroupLayout layout)
    {
        var layers = Layers(network);
        var g = network.Options.Groups;
        if (g == 1) return EmitLayers(b, layers, x, Mode.Flat, group: 0);
        if (layout == OnnxGroupLayout.PerGroupGemm)
        {
            var parts = b.OpMulti("Split", [x], g, OnnxAttribute.Int("axis", 1));
            var outputs = parts.Select((p, i) => EmitLayers(b, layers, p, Mode.GroupSlice, i)).ToArray();
            return b.Op("Concat", outputs, OnnxAttribute.Int("axis", 1));
        }
        var inF = network.Options.InputFeatures;
        var outF = network.Options.OutputFeatures;
        var h = b.Op("Reshape", [x, b.Constant("shape", new long[] { 0, g, inF }, 3)]);
        h = b.Op("Transpose", [h], OnnxAttribute.Ints("perm", 1, 0, 2)); // [G, batch, in]
        h = EmitLayers(b, layers, h, Mode.Batched, group: 0);
        h = b.Op("Transpose", [h], OnnxAttribute.Ints("perm", 1, 0, 2)); // [batch, G, out]
        return b.Op("Reshape", [h, b.Constant("shape", new long[] { 0, g * outF }, 2)]);
    }

    /// <summary>How activations are laid out while emitting.</summary>
    private enum Mode
    {
        /// <summary>[batch, features]; plain <see cref="Linear"/> layers.</summary>
        Flat,

        /// <summary>[batch, features] of one group of grouped layers (weights and statistics sliced).</summary>
        GroupSlice,

        /// <summary>[G, batch, features] over grouped layers.</summary>
        Batched,
    }

    private static string EmitLayers(OnnxGraphBuilder b, IReadOnlyList<Module> layers, string x, Mode mode, int group)
    {
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var next = i + 1 < layers.Count ? layers[i + 1] as BatchNorm1d : null;
            switch (layer)
            {
                case Linear linear:
                    if (mode != Mode.Flat) throw new InvalidOperationException("a plain Linear layer inside a grouped network");
                    x = EmitLinear(b, linear, next, x);
                    if (next is not null) i++;
                    break;
                case GroupedLinear grouped:
                    if (mode == Mode.Flat) throw new InvalidOperationException("a GroupedLinear layer outside a grouped network");
                    x = mode == Mode.GroupSlice ? EmitGroupSlice(b, grouped, next, x, group) : EmitBatched(b, grouped, next, x);
                    if (next is not null) i++;
                    break;
                case BatchNorm1d norm:
                    x = EmitNorm(b, norm, x, mode);
                    break;
                case Dropout:
                    break; // the identity in evaluation mode
                case ReLU:
                    x = b.Op("Relu", [x]);
                    break;
                case LeakyReLU leaky:
                    x = b.Op("LeakyRelu", [x], OnnxAttribute.Float("alpha", leaky.NegativeSlope));
                    break;
                case ResidualBlock block:
                    x = b.Op("Add", [x, EmitLayers(b, block.Layers, x, mode, group)]);
                    break;
                case Sequential sequential:
                    x = EmitLayers(b, Enumerable.Range(0, sequential.Count).Select(k => sequential[k]).ToArray(), x, mode, group);
                    break;
                default:
                    throw new InvalidOptionException("network", $"{layer.GetType().Name} layers cannot be exported to ONNX");
            }
        }
        return x;
    }

    private static string EmitLinear(OnnxGraphBuilder b, Linear linear, BatchNorm1d? norm, string x)
    {
        if (norm is not null && norm.Features != linear.OutFeatures) norm = null; // not a per-output BatchNorm: emitted on its own
        var (w, bias) = BatchNormFolding.Fold(linear.Weight.Value.Span, linear.Bias is null ? default : linear.Bias.Value.Span,
            linear.OutFeatures, linear.InFeatures, norm, 0);
        return b.Op("Gemm", [x, b.Constant("weight", w, linear.OutFeatures, linear.InFeatures), b.Constant("bias", bias, linear.OutFeatures)],
            OnnxAttribute.Int("transB", 1));
    }

    private static string EmitGroupSlice(OnnxGraphBuilder b, GroupedLinear layer, BatchNorm1d? norm, string x, int g)
    {
        int outF = layer.OutFeatures, inF = layer.InFeatures;
        if (norm is not null && norm.Features != layer.Groups * outF) norm = null;
        var weight = layer.Weight.Value.Span.Slice(g * outF * inF, outF * inF);
        var bias = layer.Bias is null ? default : layer.Bias.Value.Span.Slice(g * outF, outF);
        var (w, folded) = BatchNormFolding.Fold(weight, bias, outF, inF, norm, g * outF);
        return b.Op("Gemm", [x, b.Constant("weight", w, outF, inF), b.Constant("bias", folded, outF)], OnnxAttribute.Int("transB", 1));
    }

    private static string EmitBatched(OnnxGraphBuilder b, GroupedLinear layer, BatchNorm1d? norm, string x)
    {
        int groups = layer.Groups, outF = layer.OutFeatures, inF = layer.InFeatures;
        if (norm is not null && norm.Features != groups * outF) norm = null;
        var transposed = new float[groups * inF * outF]; // MatMul wants [G, in, out]; the layer holds [G, out, in]
        var biases = new float[groups * outF];
        for (var g = 0; g < groups; g++)
        {
            var weight = layer.Weight.Value.Span.Slice(g * outF * inF, outF * inF);
            var bias = layer.Bias is null ? default : layer.Bias.Value.Span.Slice(g * outF, outF);
            var (w, folded) = BatchNormFolding.Fold(weight, bias, outF, inF, norm, g * outF);
            for (var o = 0; o < outF; o++)
            {
                for (var i = 0; i < inF; i++) transposed[(g * inF + i) * outF + o] = w[o * inF + i];
            }
            folded.CopyTo(biases, g * outF);
        }
        var y = b.Op("MatMul", [x, b.Constant("weight", transposed, groups, inF, outF)]);
        return b.Op("Add", [y, b.Constant("bias", biases, groups, 1, outF)]);
    }

    private static string EmitNorm(OnnxGraphBuilder b, BatchNorm1d norm, string x, Mode mode)
    {
        // Lifter networks put every BatchNorm right after a linear layer, where it is folded; a free-standing one is
        // an element-wise affine map, emitted for plain (ungrouped) networks only.
        if (mode != Mode.Flat) throw new InvalidOptionException("network", "a BatchNorm1d that does not follow a linear layer cannot be exported in a grouped network");
        var (scale, shift) = BatchNormFolding.Affine(norm);
        var s = scale.Select(v => (float)v).ToArray();
        var t = shift.Select(v => (float)v).ToArray();
        return b.Op("Add", [b.Op("Mul", [x, b.Constant("scale", s, s.Length)]), b.Constant("shift", t, t.Length)]);
    }
}
