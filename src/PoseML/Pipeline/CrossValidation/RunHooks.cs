namespace PoseML.Pipeline.CrossValidation;

/// <summary>How a shared engine (<see cref="FoldRunner"/>, <see cref="Search.SearchRunner"/>) reports progress and
/// checks cancellation, whichever API drives it: a dialect <see cref="PoseContext"/> or an ML.NET
/// <see cref="MLNet.PoseRunContext"/>.</summary>
/// <param name="Report">Progress of the operation: step, total, message.</param>
/// <param name="ThrowIfCancellationRequested">Throws <see cref="OperationCanceledException"/> when cancelled.</param>
internal sealed record RunHooks(Action<long, long, string?> Report, Action ThrowIfCancellationRequested)
{
    /// <summary>The hooks of a dialect context for operation <paramref name="stage"/>.</summary>
    public static RunHooks Of(PoseContext context, string stage) =>
        new((step, total, message) => context.ReportProgress(stage, step, total, message), context.ThrowIfCancellationRequested);

    /// <summary>The hooks of an ML.NET run context.</summary>
    public static RunHooks Of(MLNet.PoseRunContext run) => new(run.Report, run.ThrowIfCancellationRequested);
}
