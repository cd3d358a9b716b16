namespace PoseML.Pipeline;

/// <summary>One progress report of a long operation (fitting, cross-validation, search).</summary>
/// <param name="Stage">What is running, e.g. <c>LinearLifter</c>, <c>CrossValidate</c>, <c>Sweep</c>.
/// A display keeps one bar per stage name.</param>
/// <param name="Step">Steps done so far (0 ≤ Step ≤ Total).</param>
/// <param name="Total">Number of steps; 0 when unknown.</param>
/// <param name="Message">Optional detail, e.g. <c>fold 2/5</c> or <c>trial 7: L2=0.01</c>.</param>
public readonly record struct PipelineProgress(string Stage, long Step, long Total, string? Message = null)
{
    /// <summary>Step / Total in [0, 1], or null when the total is unknown.</summary>
    public double? Fraction => Total > 0 ? Math.Clamp((double)Step / Total, 0, 1) : null;
}
