using PoseML.Nn;
using PoseML.Nn.Modules;

namespace PoseML.Tests.Nn.Modules;

/// <summary>Central-difference gradient checks for modules. The scalar checked is
/// f(x, θ) = Σ r ⊙ module(x) with a fixed random projection r, accumulated in double; the analytic side
/// is module.Backward(r). Modules run in float32, so each finite difference uses the perturbation that
/// float32 actually represents, (x + h) − (x − h), as its denominator.</summary>
internal static class GradientCheck
{
    /// <summary>Step for smooth modules: float32 rounding of f (≈ 1e-7·Σ|r·y|) divided by 2h stays
    /// near 1e-5, and the O(h²) truncation error near 1e-4 for the curvatures in these tests.</summary>
    public const float Step = 1e-2f;

    /// <summary>Agreement required: |analytic − numeric| ≤ Tolerance · max(1, |numeric|). Rounding plus
    /// truncation errors above are about 1e-4; an indexing or sign error shows as O(1).</summary>
    public const double Tolerance = 2e-3;

    /// <summary>Checks input and parameter gradients; <paramref name="reset"/> runs before every forward
    /// (e.g. to replay a dropout mask). At most <paramref name="maxChecks"/> entries per tensor are probed.</summary>
    public static void Check(Module module, Tensor input, Action? reset = null, int seed = 11, float step = Step,
        double tolerance = Tolerance, int maxChecks = 40)
    {
        var random = new Random(seed);
        reset?.Invoke();
        var y = module.Forward(input);
        var r = new float[y.Length];
        for (var i = 0; i < r.Length; i++) r[i] = (float)(random.NextDouble() * 2 - 1);
        var projection = new Tensor(r, y.Shape);
        module.ZeroGrad();
        var dx = module.Backward(projection).Clone();
        var parameterGrads = module.NamedParameters().Select(p => (p.Name, p.Parameter, Grad: p.Parameter.Grad.Clone())).ToList();

        double F()
        {
            reset?.Invoke();
            var output = module.Forward(input).Span;
            double sum = 0;
            for (var i = 0; i < output.Length; i++) sum += (double)r[i] * output[i];
            return sum;
        }

        Probe("input", input.Data, input.Length, dx.Span.ToArray(), F, random, step, tolerance, maxChecks);
        foreach (var (name, parameter, grad) in parameterGrads)
            Probe(name, parameter.Value.Data, parameter.Length, grad.Span.ToArray(), F, random, step, tolerance, maxChecks);
    }

    private static void Probe(string what, float[] values, int length, float[] analytic, Func<double> f, Random random,
        float step, double tolerance, int maxChecks)
    {
        var indices = Enumerable.Range(0, length).OrderBy(_ => random.Next()).Take(maxChecks).ToArray();
        var kinks = 0;
        var f0 = f();
        foreach (var i in indices)
        {
            var original = values[i];
            var plus = original + step;
            var minus = original - step;
            values[i] = plus;
            var fp = f();
            values[i] = minus;
            var fm = f();
            values[i] = original;
            var numeric = (fp - fm) / ((double)plus - minus);
            var error = Math.Abs(analytic[i] - numeric);
            var bound = tolerance * Math.Max(1, Math.Abs(numeric));
            if (error <= bound) continue;
            // A ReLU-type kink inside [x − h, x + h] makes the one-sided slopes disagree, and the analytic
            // gradient then matches the slope of the side without the kink. Such probes are accepted on that
            // side, but only a few may be (a wrong gradient matches neither side).
            var forward = (fp - f0) / ((double)plus - original);
            var backward = (f0 - fm) / ((double)original - minus);
            var kink = Math.Abs(forward - backward) > bound
                && Math.Min(Math.Abs(analytic[i] - forward), Math.Abs(analytic[i] - backward)) <= bound;
            if (kink && ++kinks <= Math.Max(1, indices.Length / 4)) continue;
            Assert.Fail($"{what}[{i}]: analytic {analytic[i]:G6} vs numeric {numeric:G6} (error {error:G3}, one-sided {forward:G6} / {backward:G6})");
        }
    }

    /// <summary>A [rows, cols] tensor of uniform values in ±scale, optionally kept at least
    /// <paramref name="awayFromZero"/> from 0 (so activation kinks are not crossed by the step).</summary>
    public static Tensor Random(int seed, int rows, int cols, double scale = 1, double awayFromZero = 0)
    {
        var random = new Random(seed);
        var data = new float[rows * cols];
        for (var i = 0; i < data.Length; i++)
        {
            var v = (random.NextDouble() * 2 - 1) * scale;
            data[i] = (float)(v + Math.Sign(v) * awayFromZero);
        }
        return new Tensor(data, rows, cols);
    }
}
