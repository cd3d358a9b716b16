namespace PoseML.Pipeline.CrossValidation;

/// <summary>How an engine (<see cref="FoldRunner"/>, <see cref="Search.SearchRunner"/>) reports progress and checks
/// cancellation.</summary>
/// <param name="Report">Progress of the operation: step, total, message.</param>
/// <param name="ThrowIfCancellationRequested">Throws <see cref="OperationCanceledException"/> when cancelled.</param>
internal sealed record RunHooks(Action<long, long, string?> Report, Action ThrowIfCancellationRequested)
{
    /// <summary>The hooks of an ML.NET run context.</summary>
    public static RunHooks Of(MLNet.PoseRunContext run) => new(run.Report, run.ThrowIfCancellationRequested);
}
