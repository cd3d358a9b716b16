using PoseML.Core;

namespace PoseML.Nn.Optim;

/// <summary>A learning rate as a function of the optimiser step count.</summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate for the step after <paramref name="step"/> completed steps.</summary>
    float LearningRateAt(long step);
}

/// <summary>Helpers shared by the schedules.</summary>
public static class LearningRateSchedule
{
    /// <summary>Sets <paramref name="optimizer"/>'s learning rate from its step count; call before each step.</summary>
    public static void Apply(this ILearningRateSchedule schedule, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(optimizer);
        optimizer.LearningRate = schedule.LearningRateAt(optimizer.StepCount);
    }
}

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
