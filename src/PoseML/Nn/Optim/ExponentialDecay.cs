using PoseML.Core;

namespace PoseML.Nn.Optim;

/// <summary>Exponential decay <c>lr·γ^(step/decaySteps)</c>, continuous or, with
/// <paramref name="Staircase"/>, <c>lr·γ^⌊step/decaySteps⌋</c> (the lifter papers: γ = 0.96 every 100,000
/// steps; decaySteps = 1 is PyTorch's per-step <c>ExponentialLR</c>).</summary>
/// <param name="InitialLearningRate">Learning rate at step 0.</param>
/// <param name="Gamma">Decay factor per <paramref name="DecaySteps"/> steps.</param>
/// <param name="DecaySteps">Steps per factor γ.</param>
/// <param name="Staircase">Decay in whole multiples of <paramref name="DecaySteps"/>.</param>
public sealed record ExponentialDecay(float InitialLearningRate, double Gamma, long DecaySteps = 1, bool Staircase = false) : ILearningRateSchedule
{
    /// <inheritdoc />
    public float LearningRateAt(long step)
    {
        if (DecaySteps <= 0) throw new InvalidOptionException(nameof(DecaySteps), $"must be positive, got {DecaySteps}");
        var exponent = Staircase ? step / DecaySteps : step / (double)DecaySteps;
        return (float)(InitialLearningRate * Math.Pow(Gamma, exponent));
    }
}
