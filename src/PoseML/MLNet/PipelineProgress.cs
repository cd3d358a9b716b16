namespace PoseML.MLNet;

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

    /// <summary>A progress receiver that writes one line per stage to <paramref name="writer"/>, e.g.
    /// <c>[GroupLifters] 3/6 (50 %) epoch 3: …</c>: the first and last report of a stage and at most one line
    /// every <paramref name="interval"/> (default 2 s) in between.</summary>
    public static IProgress<PipelineProgress> ToWriter(TextWriter writer, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return new LineWriter(writer, interval ?? TimeSpan.FromSeconds(2));
    }

    private sealed class LineWriter(TextWriter writer, TimeSpan interval) : IProgress<PipelineProgress>
    {
        private readonly Dictionary<string, long> _last = new(StringComparer.Ordinal);
        private readonly object _lock = new();

        public void Report(PipelineProgress value)
        {
            var now = Environment.TickCount64;
            lock (_lock)
            {
                var done = value.Total > 0 && value.Step >= value.Total;
                if (_last.TryGetValue(value.Stage, out var last) && !done && now - last < interval.TotalMilliseconds) return;
                _last[value.Stage] = now;
                var count = value.Total > 0
                    ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{value.Step}/{value.Total} ({100 * value.Fraction:0} %)")
                    : value.Step.ToString(System.Globalization.CultureInfo.InvariantCulture);
                writer.WriteLine($"[{value.Stage}] {count}{(value.Message is null ? "" : " " + value.Message)}");
                writer.Flush();
            }
        }
    }
}
