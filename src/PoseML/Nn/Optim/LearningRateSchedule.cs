namespace PoseML.Nn.Optim;

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
