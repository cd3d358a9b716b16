using PoseML.Core;
using PoseML.Nn.Init;
using PoseML.Nn.Kernels;

namespace PoseML.Nn.Modules;

/// <summary><c>G</c> independent fully connected layers evaluated as one grouped GEMM: input
/// [batch, G·in] (group g's features at columns g·in … g·in + in − 1) → output [batch, G·out], with
/// <c>weight</c> [G, out, in] and <c>bias</c> [G, out]; group g computes <c>y_g = x_g·W_gᵀ + b_g</c>.
/// Equivalent to PyTorch's <c>nn.Conv1d(G·in, G·out, 1, groups=G)</c> with its weight reshaped from
/// [G·out, in, 1] to [G, out, in]. Each group is initialised like an <c>nn.Linear(in, out)</c>.</summary>
public sealed class GroupedLinear : Module
{
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _gradInput;

    /// <summary>Creates the layer, initialised from <paramref name="random"/> like G PyTorch <c>nn.Linear</c>s.</summary>
    public GroupedLinear(int groups, int inFeatures, int outFeatures, Random random, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (groups <= 0) throw new InvalidOptionException(nameof(groups), $"must be positive, got {groups}");
        if (inFeatures <= 0) throw new InvalidOptionException(nameof(inFeatures), $"must be positive, got {inFeatures}");
        if (outFeatures <= 0) throw new InvalidOptionException(nameof(outFeatures), $"must be positive, got {outFeatures}");
        Groups = groups;
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", new Parameter(Tensor.Zeros(groups, outFeatures, inFeatures)));
        Bias = bias ? RegisterParameter("bias", new Parameter(Tensor.Zeros(groups, outFeatures))) : null;
        var noBias = new float[outFeatures];
        for (var g = 0; g < groups; g++)
        {
            WeightInit.LinearDefault(Weight.Value.Span.Slice(g * outFeatures * inFeatures, outFeatures * inFeatures),
                Bias is null ? noBias : Bias.Value.Span.Slice(g * outFeatures, outFeatures), inFeatures, random);
        }
    }

    /// <summary>Number of groups G.</summary>
    public int Groups { get; }

    /// <summary>Input features per group.</summary>
    public int InFeatures { get; }

    /// <summary>Output features per group.</summary>
    public int OutFeatures { get; }

    /// <summary>Weight [G, out, in] (state-dict name <c>weight</c>).</summary>
    public Parameter Weight { get; }

    /// <summary>Bias [G, out] (state-dict name <c>bias</c>), or null without bias.</summary>
    public Parameter? Bias { get; }

    /// <summary>Maximum threads the GEMM may use (≤ 0: every core).</summary>
    public int MaxThreads { get; set; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        var gIn = Groups * InFeatures;
        var gOut = Groups * OutFeatures;
        TensorBuffers.CheckMatrix(input, gIn, nameof(GroupedLinear));
        _input = input;
        var batch = input.Shape[0];
        var y = TensorBuffers.Ensure(ref _output, batch, gOut);
        var ys = y.Span;
        if (Bias is not null)
        {
            var b = Bias.Value.Span; // [G, out] flattened is exactly one output row
            for (var r = 0; r < batch; r++) b.CopyTo(ys.Slice(r * gOut, gOut));
        }
        Gemm.MultiplyGrouped(Groups, false, true, batch, OutFeatures, InFeatures, 1f,
            input.Span, gIn, InFeatures, Weight.Value.Span, InFeatures, (long)OutFeatures * InFeatures,
            Bias is null ? 0f : 1f, ys, gOut, OutFeatures, MaxThreads);
        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        TensorBuffers.CheckGradient(gradOutput, _output, nameof(GroupedLinear));
        var gIn = Groups * InFeatures;
        var gOut = Groups * OutFeatures;
        var x = _input!;
        var batch = x.Shape[0];
        var g = gradOutput.Span;
        if (Weight.RequiresGrad) // dW_g += g_gᵀ·x_g
        {
            Gemm.MultiplyGrouped(Groups, true, false, OutFeatures, InFeatures, batch, 1f,
                g, gOut, OutFeatures, x.Span, gIn, InFeatures, 1f, Weight.Grad.Span, InFeatures, (long)OutFeatures * InFeatures, MaxThreads);
        }
        if (Bias is { RequiresGrad: true })
            TensorBuffers.AddColumnSums(g, batch, gOut, Bias.Grad.Span);
        var dx = TensorBuffers.Ensure(ref _gradInput, batch, gIn); // dx_g = g_g·W_g
        Gemm.MultiplyGrouped(Groups, false, false, batch, InFeatures, OutFeatures, 1f,
            g, gOut, OutFeatures, Weight.Value.Span, InFeatures, (long)OutFeatures * InFeatures, 0f, dx.Span, gIn, InFeatures, MaxThreads);
        return dx;
    }
}
