using System.Numerics.Tensors;
using PoseML.Core;

namespace PoseML.Nn.Modules;

/// <summary>Inverted dropout: in training mode each element is zeroed with probability p and the
/// survivors are scaled by 1/(1 − p), so the expectation is unchanged; in evaluation mode (and for
/// p = 0) it is the identity and returns its input. Masks come from a seeded generator: the same seed
/// gives the same masks; <see cref="Reseed"/> restarts the sequence.</summary>
public sealed class Dropout : Module
{
    private MaskRandom _random;
    private Tensor? _mask;
    private Tensor? _output;
    private Tensor? _gradInput;
    private bool _masked;
    private bool _forwardCalled;

    /// <summary>Creates the layer with drop probability <paramref name="p"/> in [0, 1].</summary>
    public Dropout(float p = 0.5f, long seed = 0)
    {
        if (!(p >= 0 && p <= 1)) throw new InvalidOptionException(nameof(p), $"must be in [0, 1], got {p}");
        P = p;
        _random = new MaskRandom(seed);
    }

    /// <summary>Drop probability.</summary>
    public float P { get; }

    /// <summary>Restarts the mask sequence from <paramref name="seed"/>.</summary>
    public void Reseed(long seed) => _random = new MaskRandom(seed);

    /// <summary>The mask of the last training-mode forward (0 or 1/(1 − p) per element), or null.</summary>
    public Tensor? LastMask => _masked ? _mask : null;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _forwardCalled = true;
        _masked = IsTraining && P > 0;
        if (!_masked) return input;
        var mask = TensorBuffers.EnsureLike(ref _mask, input).Span;
        if (P >= 1f)
        {
            mask.Clear();
        }
        else
        {
            var keep = 1f / (1f - P);
            var threshold = (uint)Math.Min(uint.MaxValue, Math.Round(P * 4294967296.0)); // drop when u < p·2³²
            _random.FillMask(mask, threshold, keep);
        }
        var y = TensorBuffers.EnsureLike(ref _output, input);
        TensorPrimitives.Multiply(input.Span, mask, y.Span);
        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        if (!_forwardCalled) throw new InvalidOptionException(nameof(gradOutput), "Dropout.Backward called before Forward");
        if (!_masked) return gradOutput;
        TensorBuffers.CheckGradient(gradOutput, _output, nameof(Dropout));
        var dx = TensorBuffers.EnsureLike(ref _gradInput, gradOutput);
        TensorPrimitives.Multiply(gradOutput.Span, _mask!.Span, dx.Span);
        return dx;
    }
}
