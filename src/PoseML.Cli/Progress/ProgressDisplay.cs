using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using PoseML.MLNet;
using PoseML.Pipeline;
using Spectre.Console;

namespace PoseML.Cli.Progress;

/// <summary>Shows the progress of a long library call: a Spectre.Console bar per stage with ETA on an
/// interactive terminal, or plain throttled lines (<c>[CrossValidate] 2/5 40% ETA 00:12 fold 3/5</c>) on the
/// error writer when output is redirected (CI, tests), so standard output carries only results. The display
/// subscribes through <c>mlContext.SetPoseProgress</c>; Ctrl-C cancels through <c>mlContext.SetPoseCancellation</c>.</summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/> with <paramref name="mlContext"/>'s progress and cancellation wired to the console.</summary>
    public static T Run<T>(MLContext mlContext, TextWriter output, TextWriter error, Func<T> work)
    {
        mlContext.SetPoseCancellation(CliCancellation.Token);
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && !Console.IsErrorRedirected
                          && AnsiConsole.Profile.Capabilities.Interactive;
        try
        {
            if (!interactive)
            {
                mlContext.SetPoseProgress(new LineProgress(error));
                return work();
            }
            return AnsiConsole.Progress()
                .AutoClear(true)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    mlContext.SetPoseProgress(new BarProgress(ctx));
                    return work();
                });
        }
        finally
        {
            mlContext.SetPoseProgress(null);
        }
    }

    /// <summary>Synchronous reports to Spectre tasks, one per stage name.</summary>
    private sealed class BarProgress(ProgressContext ctx) : IProgress<PipelineProgress>
    {
        private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
        private readonly object _lock = new();

        public void Report(PipelineProgress value)
        {
            lock (_lock)
            {
                if (!_tasks.TryGetValue(value.Stage, out var task))
                    _tasks[value.Stage] = task = ctx.AddTask(Markup.Escape(value.Stage), autoStart: true, maxValue: Math.Max(1, value.Total));
                task.IsIndeterminate = value.Total <= 0; // e.g. a fit over a filtered view of unknown length
                task.MaxValue = Math.Max(1, value.Total);
                task.Value = value.Total > 0 ? value.Step : 0;
                task.Description = Markup.Escape(value.Message is null ? value.Stage : $"{value.Stage}: {Shorten(value.Message)}");
                if (value.Total > 0 && value.Step >= value.Total) task.StopTask();
            }
        }
    }

    /// <summary>Plain lines, at most one a second per stage. A stage's first report is printed, and the last report of
    /// the outermost stage (the first one reported, e.g. Sweep or CrossValidate); stages nested in it (a pipeline fitted
    /// once per trial or fold) restart at step 0 every time, which restarts their ETA but not their one-a-second limit,
    /// so a fast sweep does not print each trial's pipeline lines.</summary>
    internal sealed class LineProgress(TextWriter writer) : IProgress<PipelineProgress>
    {
        private readonly Dictionary<string, (Stopwatch Clock, double LastPrint)> _stages = new(StringComparer.Ordinal);
        private readonly Stopwatch _run = Stopwatch.StartNew();
        private readonly object _lock = new();
        private string? _outermost;

        public void Report(PipelineProgress value)
        {
            lock (_lock)
            {
                _outermost ??= value.Stage;
                var now = _run.Elapsed.TotalSeconds;
                var first = !_stages.TryGetValue(value.Stage, out var state);
                if (first) state = (Stopwatch.StartNew(), double.NegativeInfinity);
                else if (value.Step == 0) state = (Stopwatch.StartNew(), state.LastPrint);
                _stages[value.Stage] = state;
                var done = value.Total > 0 && value.Step >= value.Total && value.Stage == _outermost;
                if (!first && !done && now - state.LastPrint < 1) return;
                _stages[value.Stage] = (state.Clock, now);
                writer.WriteLine(Format(value, state.Clock.Elapsed.TotalSeconds));
            }
        }

        private static string Format(PipelineProgress p, double elapsed)
        {
            var text = $"[{p.Stage}] {p.Step}" + (p.Total > 0 ? $"/{p.Total}" : "");
            if (p.Fraction is { } f)
            {
                text += string.Create(CultureInfo.InvariantCulture, $" {f * 100:0}%");
                if (f > 0 && f < 1) text += $" ETA {TimeSpan.FromSeconds(Math.Round(elapsed / f * (1 - f))):hh\\:mm\\:ss}";
            }
            return p.Message is null ? text : $"{text} {Shorten(p.Message)}";
        }
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "...";
}
