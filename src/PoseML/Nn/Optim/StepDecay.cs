using PoseML.Core;

namespace PoseML.Nn.Optim;

/// <summary>Step decay <c>lr·γ^⌊step/stepSize⌋</c> (PyTorch's <c>StepLR</c>).</summary>
/// <param name="InitialLearningRate">Learning rate at step 0.</param>
/// <param name="StepSize">Steps between decays.</param>
/// <param name="Gamma">Factor applied every <paramref name="StepSize"/> steps.</param>
public sealed record StepDecay(float InitialLearningRate, long StepSize, double Gamma = 0.1) : ILearningRateSchedule
{
    /// <inheritdoc />
    public float LearningRateAt(long step)
    {
        if (StepSize <= 0) throw new InvalidOptionException(nameof(StepSize), $"must be positive, got {StepSize}");
        return (float)(InitialLearningRate * Math.Pow(Gamma, step / StepSize));
    }
}
