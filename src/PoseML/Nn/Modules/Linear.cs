using PoseML.Core;
using PoseML.Nn.Init;
using PoseML.Nn.Kernels;

namespace PoseML.Nn.Modules;

/// <summary>Fully connected layer <c>y = x·Wᵀ + b</c> on [batch, in] → [batch, out], with PyTorch's layout
/// (<c>weight</c> [out, in], <c>bias</c> [out]) and default initialisation
/// (<see cref="WeightInit.LinearDefault"/>).</summary>
public sealed class Linear : Module
{
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _gradInput;

    /// <summary>Creates the layer, initialised from <paramref name="random"/> like PyTorch's <c>nn.Linear</c>.</summary>
    public Linear(int inFeatures, int outFeatures, Random random, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (inFeatures <= 0) throw new InvalidOptionException(nameof(inFeatures), $"must be positive, got {inFeatures}");
        if (outFeatures <= 0) throw new InvalidOptionException(nameof(outFeatures), $"must be positive, got {outFeatures}");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", new Parameter(Tensor.Zeros(outFeatures, inFeatures)));
        Bias = bias ? RegisterParameter("bias", new Parameter(Tensor.Zeros(outFeatures))) : null;
        WeightInit.LinearDefault(Weight.Value.Span, Bias is null ? new float[outFeatures] : Bias.Value.Span, inFeatures, random);
    }

    /// <summary>Input features.</summary>
    public int InFeatures { get; }

    /// <summary>Output features.</summary>
    public int OutFeatures { get; }

    /// <summary>Weight [out, in] (state-dict name <c>weight</c>).</summary>
    public Parameter Weight { get; }

    /// <summary>Bias [out] (state-dict name <c>bias</c>), or null without bias.</summary>
    public Parameter? Bias { get; }

    /// <summary>Maximum threads the GEMM may use (≤ 0: every core).</summary>
    public int MaxThreads { get; set; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        TensorBuffers.CheckMatrix(input, InFeatures, nameof(Linear));
        _input = input;
        var batch = input.Shape[0];
        var y = TensorBuffers.Ensure(ref _output, batch, OutFeatures);
        var ys = y.Span;
        if (Bias is not null)
        {
            var b = Bias.Value.Span;
            for (var r = 0; r < batch; r++) b.CopyTo(ys.Slice(r * OutFeatures, OutFeatures));
        }
        Gemm.Multiply(false, true, batch, OutFeatures, InFeatures, 1f, input.Span, InFeatures, Weight.Value.Span, InFeatures,
            Bias is null ? 0f : 1f, ys, OutFeatures, MaxThreads);
        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        TensorBuffers.CheckGradient(gradOutput, _output, nameof(Linear));
        var x = _input!;
        var batch = x.Shape[0];
        var g = gradOutput.Span;
        if (Weight.RequiresGrad) // dW += gᵀ·x
            Gemm.Multiply(true, false, OutFeatures, InFeatures, batch, 1f, g, OutFeatures, x.Span, InFeatures, 1f, Weight.Grad.Span, InFeatures, MaxThreads);
        if (Bias is { RequiresGrad: true })
            TensorBuffers.AddColumnSums(g, batch, OutFeatures, Bias.Grad.Span);
        var dx = TensorBuffers.Ensure(ref _gradInput, batch, InFeatures); // dx = g·W
        Gemm.Multiply(false, false, batch, InFeatures, OutFeatures, 1f, g, OutFeatures, Weight.Value.Span, InFeatures, 0f, dx.Span, InFeatures, MaxThreads);
        return dx;
    }
}
