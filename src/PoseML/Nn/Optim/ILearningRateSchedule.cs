namespace PoseML.Nn.Optim;

/// <summary>A learning rate as a function of the optimiser step count.</summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate for the step after <paramref name="step"/> completed steps.</summary>
    float LearningRateAt(long step);
}
