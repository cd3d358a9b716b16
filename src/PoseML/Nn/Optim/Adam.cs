using System.Numerics;
using PoseML.Core;
using PoseML.Nn.Modules;

namespace PoseML.Nn.Optim;

/// <summary>Adam and AMSGrad with PyTorch's semantics (<c>torch.optim.Adam</c>): <c>g ← g + wd·p</c>;
/// <c>m = β₁·m + (1 − β₁)·g</c>; <c>v = β₂·v + (1 − β₂)·g²</c>; AMSGrad keeps <c>v̂ = max(v̂, v)</c> and uses it
/// for v; <c>p −= (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)</c>.</summary>
public sealed class Adam : Optimizer
{
    private readonly float[][] _m;
    private readonly float[][] _v;
    private readonly float[][]? _vMax;
    private readonly long[] _steps; // per parameter, as PyTorch's state['step'] (frozen steps do not count)

    /// <summary>Creates the optimiser (defaults as PyTorch: lr 1e-3, β = (0.9, 0.999), ε = 1e-8).</summary>
    public Adam(IEnumerable<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float eps = 1e-8f, float weightDecay = 0f, bool amsGrad = false) : base(parameters, learningRate, weightDecay)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new InvalidOptionException(nameof(beta1), $"must be in [0, 1), got {beta1}");
        if (!(beta2 >= 0 && beta2 < 1)) throw new InvalidOptionException(nameof(beta2), $"must be in [0, 1), got {beta2}");
        if (!(eps >= 0)) throw new InvalidOptionException(nameof(eps), $"must be non-negative, got {eps}");
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        AmsGrad = amsGrad;
        _m = NewState();
        _v = NewState();
        _vMax = amsGrad ? NewState() : null;
        _steps = new long[Parameters.Count];
    }

    /// <summary>First-moment decay β₁.</summary>
    public float Beta1 { get; }

    /// <summary>Second-moment decay β₂.</summary>
    public float Beta2 { get; }

    /// <summary>ε added to the denominator.</summary>
    public float Eps { get; }

    /// <summary>Whether the AMSGrad variant is used.</summary>
    public bool AmsGrad { get; }

    /// <inheritdoc />
    protected override void Update(int index, Parameter parameter)
    {
        var p = parameter.Value.Span;
        var grad = parameter.Grad.Span;
        var m = _m[index].AsSpan();
        var v = _v[index].AsSpan();
        var vMax = _vMax is null ? Span<float>.Empty : _vMax[index].AsSpan();
        var t = ++_steps[index];
        var bc1 = 1.0 - Math.Pow(Beta1, t);
        var bc2 = 1.0 - Math.Pow(Beta2, t);
        var stepSize = (float)(LearningRate / bc1);
        var bc2Sqrt = (float)Math.Sqrt(bc2);
        float b1 = Beta1, b2 = Beta2, c1 = 1f - Beta1, c2 = 1f - Beta2, eps = Eps, wd = WeightDecay;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            for (; i <= p.Length - w; i += w)
            {
                var pv = new Vector<float>(p[i..]);
                var g = new Vector<float>(grad[i..]) + new Vector<float>(wd) * pv;
                var mv = new Vector<float>(m[i..]) * new Vector<float>(b1) + g * new Vector<float>(c1);
                var vv = new Vector<float>(v[i..]) * new Vector<float>(b2) + new Vector<float>(c2) * g * g;
                mv.CopyTo(m[i..]);
                vv.CopyTo(v[i..]);
                if (_vMax is not null)
                {
                    vv = Vector.Max(new Vector<float>(vMax[i..]), vv);
                    vv.CopyTo(vMax[i..]);
                }
                var denom = Vector.SquareRoot(vv) / new Vector<float>(bc2Sqrt) + new Vector<float>(eps);
                (pv - new Vector<float>(stepSize) * (mv / denom)).CopyTo(p[i..]);
            }
        }
        for (; i < p.Length; i++)
        {
            var g = grad[i] + wd * p[i];
            var mv = m[i] * b1 + g * c1;
            var vv = v[i] * b2 + c2 * g * g;
            m[i] = mv;
            v[i] = vv;
            if (_vMax is not null) vv = vMax[i] = MathF.Max(vMax[i], vv);
            var denom = MathF.Sqrt(vv) / bc2Sqrt + eps;
            p[i] -= stepSize * (mv / denom);
        }
    }
}
