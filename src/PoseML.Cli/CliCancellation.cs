namespace PoseML.Cli;

/// <summary>The process-wide cancellation token, cancelled by Ctrl-C. Long commands pass it to the
/// library, which stops between batches and leaves no half-written file (writes are atomic).</summary>
public static class CliCancellation
{
    /// <summary>The token; <see cref="CancellationToken.None"/> when run in-process by tests.</summary>
    public static CancellationToken Token { get; set; } = CancellationToken.None;
}
