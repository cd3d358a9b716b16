using PoseML.Core;

namespace PoseML.Cli;

/// <summary>The process-wide cancellation token, cancelled by Ctrl-C. Long commands pass it to the
/// library, which checks it per batch and leaves no half-written file (writes are atomic). A command that
/// has not stopped <see cref="Grace"/> after Ctrl-C (or at a second Ctrl-C) is ended: the temporary files
/// of writes in progress are deleted and the process exits with <see cref="CliApp.Cancelled"/>.</summary>
public static class CliCancellation
{
    private static int _presses;

    /// <summary>The token; <see cref="CancellationToken.None"/> when run in-process by tests.</summary>
    public static CancellationToken Token { get; set; } = CancellationToken.None;

    /// <summary>How long a cancelled command may take to unwind before the process is ended.</summary>
    public static TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Handles one Ctrl-C: cancels <paramref name="source"/> and starts the <see cref="Grace"/> timer;
    /// a second call ends the process at once.</summary>
    internal static void Cancel(CancellationTokenSource source, TextWriter error)
    {
        if (Interlocked.Increment(ref _presses) > 1)
        {
            Exit(error);
            return;
        }
        source.Cancel();
        var timer = new Thread(() =>
        {
            Thread.Sleep(Grace);
            Exit(error);
        }) { IsBackground = true, Name = "poseml-cancel" };
        timer.Start();
    }

    private static void Exit(TextWriter error)
    {
        AtomicFile.AbandonPendingWrites();
        error.WriteLine("poseml: cancelled; no partial output was written");
        error.Flush();
        Environment.Exit(CliApp.Cancelled);
    }
}
