using System.Numerics;
using PoseML.Core;
using PoseML.Nn.Modules;

namespace PoseML.Nn.Optim;

/// <summary>RMSProp with PyTorch's update order (<c>torch.optim.RMSprop</c>): <c>g ← g + wd·p</c>;
/// <c>s = α·s + (1 − α)·g²</c>; centred: <c>a = α·a + (1 − α)·g</c>, <c>avg = √(s − a²) + ε</c>, else
/// <c>avg = √s + ε</c> (ε added after the square root); with momentum μ: <c>buf = μ·buf + g/avg</c>,
/// <c>p −= lr·buf</c>, else <c>p −= lr·g/avg</c>. Defaults α = 0.99, ε = 1e-8 as PyTorch's.</summary>
public sealed class RMSProp : Optimizer
{
    private readonly float[][] _squareAverage;
    private readonly float[][]? _gradAverage;
    private readonly float[][]? _momentumBuffer;

    /// <summary>Creates the optimiser.</summary>
    public RMSProp(IEnumerable<Parameter> parameters, float learningRate = 1e-2f, float alpha = 0.99f, float eps = 1e-8f,
        float weightDecay = 0f, float momentum = 0f, bool centered = false) : base(parameters, learningRate, weightDecay)
    {
        if (!(alpha >= 0 && alpha <= 1)) throw new InvalidOptionException(nameof(alpha), $"must be in [0, 1], got {alpha}");
        if (!(eps >= 0)) throw new InvalidOptionException(nameof(eps), $"must be non-negative, got {eps}");
        if (!(momentum >= 0)) throw new InvalidOptionException(nameof(momentum), $"must be non-negative, got {momentum}");
        Alpha = alpha;
        Eps = eps;
        Momentum = momentum;
        Centered = centered;
        _squareAverage = NewState();
        _gradAverage = centered ? NewState() : null;
        _momentumBuffer = momentum > 0 ? NewState() : null;
    }

    /// <summary>Smoothing constant α.</summary>
    public float Alpha { get; }

    /// <summary>ε added to the root mean square.</summary>
    public float Eps { get; }

    /// <summary>Momentum μ (0: none).</summary>
    public float Momentum { get; }

    /// <summary>Whether the variance estimate is centred (divides by √(E[g²] − E[g]²)).</summary>
    public bool Centered { get; }

    /// <inheritdoc />
    protected override void Update(int index, Parameter parameter)
    {
        var p = parameter.Value.Span;
        var grad = parameter.Grad.Span;
        var s = _squareAverage[index].AsSpan();
        float alpha = Alpha, beta = 1f - Alpha, eps = Eps, lr = LearningRate, wd = WeightDecay, mu = Momentum;
        var i = 0;
        if (_gradAverage is null && _momentumBuffer is null && Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            var vAlpha = new Vector<float>(alpha);
            var vBeta = new Vector<float>(beta);
            var vEps = new Vector<float>(eps);
            var vLr = new Vector<float>(lr);
            var vWd = new Vector<float>(wd);
            for (; i <= p.Length - w; i += w)
            {
                var pv = new Vector<float>(p[i..]);
                var g = new Vector<float>(grad[i..]) + vWd * pv;
                var sv = new Vector<float>(s[i..]) * vAlpha + vBeta * g * g;
                sv.CopyTo(s[i..]);
                (pv - vLr * (g / (Vector.SquareRoot(sv) + vEps))).CopyTo(p[i..]);
            }
        }
        for (; i < p.Length; i++)
        {
            var g = grad[i] + wd * p[i];
            var sv = s[i] * alpha + beta * g * g;
            s[i] = sv;
            float avg;
            if (_gradAverage is not null)
            {
                var a = _gradAverage[index][i] * alpha + beta * g;
                _gradAverage[index][i] = a;
                avg = MathF.Sqrt(sv - a * a) + eps;
            }
            else
            {
                avg = MathF.Sqrt(sv) + eps;
            }
            if (_momentumBuffer is not null)
            {
                var b = _momentumBuffer[index][i] * mu + g / avg;
                _momentumBuffer[index][i] = b;
                p[i] -= lr * b;
            }
            else
            {
                p[i] -= lr * (g / avg);
            }
        }
    }
}
