using System.Numerics.Tensors;
using PoseML.Core;
using PoseML.Nn.Modules;

namespace PoseML.Nn.Optim;

/// <summary>Stochastic gradient descent with PyTorch's semantics (<c>torch.optim.SGD</c>):
/// <c>d = g + wd·p</c>; with momentum μ, <c>buf = d</c> on the first step, then <c>buf = μ·buf + (1 − dampening)·d</c>,
/// and <c>d = buf</c> (or <c>d + μ·buf</c> with Nesterov); <c>p −= lr·d</c>.</summary>
public sealed class SGD : Optimizer
{
    private readonly float[][] _direction;
    private readonly float[][]? _momentumBuffer;
    private readonly bool[] _hasBuffer;

    /// <summary>Creates the optimiser.</summary>
    public SGD(IEnumerable<Parameter> parameters, float learningRate, float momentum = 0f, float dampening = 0f,
        bool nesterov = false, float weightDecay = 0f) : base(parameters, learningRate, weightDecay)
    {
        if (!(momentum >= 0)) throw new InvalidOptionException(nameof(momentum), $"must be non-negative, got {momentum}");
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new InvalidOptionException(nameof(nesterov), "Nesterov momentum needs momentum > 0 and dampening 0");
        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
        _direction = NewState();
        _momentumBuffer = momentum > 0 ? NewState() : null;
        _hasBuffer = new bool[Parameters.Count];
    }

    /// <summary>Momentum μ (0: none).</summary>
    public float Momentum { get; }

    /// <summary>Dampening of the momentum update.</summary>
    public float Dampening { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    protected override void Update(int index, Parameter parameter)
    {
        var p = parameter.Value.Span;
        var d = _direction[index].AsSpan();
        parameter.Grad.Span.CopyTo(d);
        if (WeightDecay != 0) TensorPrimitives.MultiplyAdd(p, WeightDecay, d, d);
        if (_momentumBuffer is not null)
        {
            var buf = _momentumBuffer[index].AsSpan();
            if (!_hasBuffer[index])
            {
                d.CopyTo(buf);
                _hasBuffer[index] = true;
            }
            else
            {
                TensorPrimitives.Multiply(buf, Momentum, buf);
                TensorPrimitives.MultiplyAdd(d, 1f - Dampening, buf, buf);
            }
            if (Nesterov) TensorPrimitives.MultiplyAdd(buf, Momentum, d, d);
            else buf.CopyTo(d);
        }
        TensorPrimitives.MultiplyAdd(d, -LearningRate, p, p);
    }
}
