using System.Numerics.Tensors;
using PoseML.Core;

namespace PoseML.Nn.Modules;

/// <summary>Batch normalisation over the batch dimension of [batch, C], with PyTorch's semantics.
/// Training: normalise by the batch mean and the biased batch variance, then update
/// <c>running = (1 − m)·running + m·batch</c> with the <em>unbiased</em> variance (m = momentum; with a
/// null momentum, the cumulative average m = 1/num_batches_tracked) and count <c>num_batches_tracked</c>.
/// Evaluation: normalise by the running statistics. Affine: <c>y = x̂·weight + bias</c>.
/// State-dict names: <c>weight</c>, <c>bias</c>, <c>running_mean</c>, <c>running_var</c>,
/// <c>num_batches_tracked</c> (I64 scalar). For G grouped layers of width W, BatchNorm over G·W features
/// is exactly per-group batch normalisation.</summary>
public sealed class BatchNorm1d : Module
{
    private readonly long[] _numBatchesTracked = new long[1];
    private Tensor? _input;
    private Tensor? _xhat;
    private Tensor? _output;
    private Tensor? _gradInput;
    private float[]? _mean, _invStd, _scale, _shift, _sumG, _sumGx, _row;
    private bool _forwardWasTraining;

    /// <summary>Creates the layer over <paramref name="features"/> channels (weight 1, bias 0, running mean 0,
    /// running variance 1).</summary>
    public BatchNorm1d(int features, float eps = 1e-5f, float? momentum = 0.1f, bool affine = true)
    {
        if (features <= 0) throw new InvalidOptionException(nameof(features), $"must be positive, got {features}");
        if (!(eps > 0)) throw new InvalidOptionException(nameof(eps), $"must be positive, got {eps}");
        if (momentum is { } m && !(m >= 0 && m <= 1)) throw new InvalidOptionException(nameof(momentum), $"must be in [0, 1], got {m}");
        Features = features;
        Eps = eps;
        Momentum = momentum;
        if (affine)
        {
            var w = Tensor.Zeros(features);
            w.Span.Fill(1f);
            Weight = RegisterParameter("weight", new Parameter(w));
            Bias = RegisterParameter("bias", new Parameter(Tensor.Zeros(features)));
        }
        RunningMean = Tensor.Zeros(features);
        RunningVar = Tensor.Zeros(features);
        RunningVar.Span.Fill(1f);
        RegisterBuffer("running_mean", new ModuleBuffer(RunningMean));
        RegisterBuffer("running_var", new ModuleBuffer(RunningVar));
        RegisterBuffer("num_batches_tracked", new ModuleBuffer(_numBatchesTracked));
    }

    /// <summary>Number of channels C.</summary>
    public int Features { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public float Eps { get; }

    /// <summary>Running-statistics momentum m; null for the cumulative moving average.</summary>
    public float? Momentum { get; }

    /// <summary>Scale γ [C], or null when not affine.</summary>
    public Parameter? Weight { get; }

    /// <summary>Shift β [C], or null when not affine.</summary>
    public Parameter? Bias { get; }

    /// <summary>Running mean [C] (buffer <c>running_mean</c>).</summary>
    public Tensor RunningMean { get; }

    /// <summary>Running unbiased variance [C] (buffer <c>running_var</c>).</summary>
    public Tensor RunningVar { get; }

    /// <summary>Training batches seen (buffer <c>num_batches_tracked</c>).</summary>
    public long NumBatchesTracked => _numBatchesTracked[0];

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        TensorBuffers.CheckMatrix(input, Features, nameof(BatchNorm1d));
        var batch = input.Shape[0];
        var c = Features;
        _input = input;
        _forwardWasTraining = IsTraining;
        var y = TensorBuffers.Ensure(ref _output, batch, c);
        var x = input.Span;
        var ys = y.Span;
        var scale = TensorBuffers.EnsureVector(ref _scale, c);
        var shift = TensorBuffers.EnsureVector(ref _shift, c);
        if (IsTraining)
        {
            if (batch < 2)
                throw new InvalidOptionException("input", $"BatchNorm1d in training mode needs at least 2 rows per batch (got {batch}); use Eval() for single samples");
            var mean = TensorBuffers.EnsureVector(ref _mean, c);
            var invStd = TensorBuffers.EnsureVector(ref _invStd, c);
            var xhat = TensorBuffers.Ensure(ref _xhat, batch, c).Span;
            Array.Clear(mean);
            TensorBuffers.AddColumnSums(x, batch, c, mean);
            TensorPrimitives.Multiply(mean, 1f / batch, mean);
            Array.Clear(invStd); // holds the sum of squared deviations first
            for (var r = 0; r < batch; r++)
            {
                var d = xhat.Slice(r * c, c);
                TensorPrimitives.Subtract(x.Slice(r * c, c), mean, d);
                TensorPrimitives.MultiplyAdd(d, d, invStd, invStd);
            }
            var factor = Momentum ?? 0f;
            _numBatchesTracked[0]++;
            if (Momentum is null) factor = 1f / _numBatchesTracked[0];
            var rm = RunningMean.Span;
            var rv = RunningVar.Span;
            var unbias = 1f / (batch - 1);
            for (var j = 0; j < c; j++)
            {
                var sq = invStd[j];
                rm[j] = (1 - factor) * rm[j] + factor * mean[j];
                rv[j] = (1 - factor) * rv[j] + factor * (sq * unbias);
                invStd[j] = 1f / MathF.Sqrt(sq / batch + Eps);
            }
            for (var r = 0; r < batch; r++)
                TensorPrimitives.Multiply(xhat.Slice(r * c, c), invStd, xhat.Slice(r * c, c));
            if (Weight is null)
            {
                xhat.CopyTo(ys);
            }
            else
            {
                var w = Weight.Value.Span;
                var b = Bias!.Value.Span;
                for (var r = 0; r < batch; r++) TensorPrimitives.MultiplyAdd(xhat.Slice(r * c, c), w, b, ys.Slice(r * c, c));
            }
        }
        else
        {
            EvalScaleShift(scale, shift);
            for (var r = 0; r < batch; r++) TensorPrimitives.MultiplyAdd(x.Slice(r * c, c), scale, shift, ys.Slice(r * c, c));
        }
        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        TensorBuffers.CheckGradient(gradOutput, _output, nameof(BatchNorm1d));
        var batch = gradOutput.Shape[0];
        var c = Features;
        var g = gradOutput.Span;
        var dx = TensorBuffers.Ensure(ref _gradInput, batch, c).Span;
        var sumG = TensorBuffers.EnsureVector(ref _sumG, c);
        var sumGx = TensorBuffers.EnsureVector(ref _sumGx, c);
        Array.Clear(sumG);
        Array.Clear(sumGx);
        TensorBuffers.AddColumnSums(g, batch, c, sumG);
        if (_forwardWasTraining)
        {
            var xhat = _xhat!.Span;
            for (var r = 0; r < batch; r++) TensorPrimitives.MultiplyAdd(g.Slice(r * c, c), xhat.Slice(r * c, c), sumGx, sumGx);
            AccumulateAffine(sumG, sumGx);
            // dx = γ·invstd/B · (B·g − Σg − x̂·Σ(g·x̂))
            var k = TensorBuffers.EnsureVector(ref _scale, c);
            var row = TensorBuffers.EnsureVector(ref _row, c);
            TensorPrimitives.Multiply(_invStd!, 1f / batch, k);
            if (Weight is not null) TensorPrimitives.Multiply(k, Weight.Value.Span, k);
            for (var r = 0; r < batch; r++)
            {
                var d = dx.Slice(r * c, c);
                TensorPrimitives.Multiply(xhat.Slice(r * c, c), sumGx, row);
                TensorPrimitives.Multiply(g.Slice(r * c, c), (float)batch, d);
                TensorPrimitives.Subtract(d, sumG, d);
                TensorPrimitives.Subtract(d, row, d);
                TensorPrimitives.Multiply(d, k, d);
            }
        }
        else
        {
            var scale = TensorBuffers.EnsureVector(ref _scale, c);
            var shift = TensorBuffers.EnsureVector(ref _shift, c);
            EvalScaleShift(scale, shift);
            var row = TensorBuffers.EnsureVector(ref _row, c);
            var x = _input!.Span;
            var rm = RunningMean.Span;
            var invStd = TensorBuffers.EnsureVector(ref _invStd, c);
            for (var j = 0; j < c; j++) invStd[j] = 1f / MathF.Sqrt(RunningVar.Span[j] + Eps);
            for (var r = 0; r < batch; r++)
            {
                TensorPrimitives.Subtract(x.Slice(r * c, c), rm, row);
                TensorPrimitives.Multiply(row, invStd, row);
                TensorPrimitives.MultiplyAdd(g.Slice(r * c, c), row, sumGx, sumGx);
                TensorPrimitives.Multiply(g.Slice(r * c, c), scale, dx.Slice(r * c, c));
            }
            AccumulateAffine(sumG, sumGx);
        }
        return _gradInput!;
    }

    private void AccumulateAffine(ReadOnlySpan<float> sumG, ReadOnlySpan<float> sumGx)
    {
        if (Weight is { RequiresGrad: true }) TensorPrimitives.Add(Weight.Grad.Span, sumGx, Weight.Grad.Span);
        if (Bias is { RequiresGrad: true }) TensorPrimitives.Add(Bias.Grad.Span, sumG, Bias.Grad.Span);
    }

    private void EvalScaleShift(Span<float> scale, Span<float> shift)
    {
        // scale = γ / √(running_var + ε), shift = β − running_mean·scale
        TensorPrimitives.Add(RunningVar.Span, Eps, scale);
        TensorPrimitives.Sqrt(scale, scale);
        TensorPrimitives.Divide(1f, scale, scale);
        if (Weight is not null) TensorPrimitives.Multiply(scale, Weight.Value.Span, scale);
        TensorPrimitives.Multiply(RunningMean.Span, scale, shift);
        if (Bias is not null) TensorPrimitives.Subtract(Bias.Value.Span, shift, shift);
        else TensorPrimitives.Negate(shift, shift);
    }
}
