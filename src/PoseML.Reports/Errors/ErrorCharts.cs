using PoseML.Evaluation;
using PoseML.Reports.Charts;

namespace PoseML.Reports.Errors;

/// <summary>Charts of pose errors: per joint, per action, their distribution over frames, against rarity, against
/// the joint-group size n_g, and learning and search curves.</summary>
public static class ErrorCharts
{
    private const string Blue = "#1f77b4", Orange = "#ff7f0e", Grey = "#7f7f7f";

    /// <summary>Protocol-1 error per joint (mm), joints in skeleton order, as horizontal bars.</summary>
    public static PlotlyFigure PerJoint(IReadOnlyDictionary<string, double> perJoint, string title = "Error per joint (MPJPE, mm)")
    {
        ArgumentNullException.ThrowIfNull(perJoint);
        var names = perJoint.Keys.Reverse().ToArray();
        var values = names.Select(n => perJoint[n]).ToArray();
        return Bars(names, values, title, "MPJPE (mm)", Blue, height: Math.Max(300, 22 * names.Length + 80));
    }

    /// <summary>Protocol 1 and 2 per action (mm), the hardest action on top.</summary>
    public static PlotlyFigure PerAction(IReadOnlyDictionary<string, ActionMetrics> perAction, string title = "Error per action (mm)")
    {
        ArgumentNullException.ThrowIfNull(perAction);
        var ordered = perAction.OrderBy(a => a.Value.Mpjpe).ToArray();
        var names = ordered.Select(a => a.Key).ToArray();
        Dictionary<string, object?> Bar(string name, IEnumerable<double> x, string colour) => PlotFigure.Trace("bar", new Dictionary<string, object?>
        {
            ["name"] = name, ["orientation"] = "h", ["y"] = names, ["x"] = PlotFigure.Values(x, 1), ["marker"] = new Dictionary<string, object?> { ["color"] = colour },
            ["hovertemplate"] = "%{y}: %{x:.1f} mm<extra>" + name + "</extra>",
        });
        return PlotFigure.Chart([Bar("PA-MPJPE (P2)", ordered.Select(a => a.Value.PaMpjpe), Orange), Bar("MPJPE (P1)", ordered.Select(a => a.Value.Mpjpe), Blue)],
            new Dictionary<string, object?>
            {
                ["title"] = new Dictionary<string, object?> { ["text"] = title },
                ["barmode"] = "group",
                ["height"] = Math.Max(300, 34 * names.Length + 100),
                ["xaxis"] = new Dictionary<string, object?> { ["title"] = new Dictionary<string, object?> { ["text"] = "mm" }, ["gridcolor"] = "#eeeeee" },
                ["yaxis"] = new Dictionary<string, object?> { ["automargin"] = true },
                ["legend"] = new Dictionary<string, object?> { ["orientation"] = "h", ["y"] = -0.15 },
                ["margin"] = new Dictionary<string, object?> { ["l"] = 10, ["r"] = 20, ["t"] = 40, ["b"] = 40 },
            });
    }

    /// <summary>The distribution of per-frame errors (mm) as a histogram.</summary>
    public static PlotlyFigure Distribution(IReadOnlyList<double> frameErrors, string title = "Per-frame error (MPJPE, mm)")
    {
        ArgumentNullException.ThrowIfNull(frameErrors);
        return PlotFigure.Chart([PlotFigure.Trace("histogram", new Dictionary<string, object?>
        {
            ["x"] = PlotFigure.Values(frameErrors, 1), ["nbinsx"] = 60, ["name"] = "frames",
            ["marker"] = new Dictionary<string, object?> { ["color"] = Blue },
        })], Layout(title, "MPJPE (mm)", "frames", height: 320));
    }

    /// <summary>Error against rarity: each frame's error (mm) against its occurrence score (SRNet; low = rare), as a
    /// cloud of points and the mean error of each of <paramref name="bins"/> equally populated occurrence bins.</summary>
    public static PlotlyFigure ErrorVsRarity(IReadOnlyList<double> occurrence, IReadOnlyList<double> frameErrors, int bins = 10, string title = "Error against pose rarity")
    {
        ArgumentNullException.ThrowIfNull(occurrence);
        ArgumentNullException.ThrowIfNull(frameErrors);
        if (occurrence.Count != frameErrors.Count) throw new ArgumentException($"{occurrence.Count} occurrence scores but {frameErrors.Count} errors", nameof(frameErrors));
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "expected at least one bin");
        var order = Enumerable.Range(0, occurrence.Count).Where(i => double.IsFinite(occurrence[i]) && double.IsFinite(frameErrors[i])).OrderBy(i => occurrence[i]).ToArray();
        var (binX, binY) = (new List<double>(), new List<double>());
        for (var b = 0; b < bins && order.Length > 0; b++)
        {
            var slice = order[(b * order.Length / bins)..((b + 1) * order.Length / bins)];
            if (slice.Length == 0) continue;
            binX.Add(slice.Average(i => occurrence[i]));
            binY.Add(slice.Average(i => frameErrors[i]));
        }
        // At most 3,000 points in the cloud (every k-th frame in occurrence order), so pages stay light.
        var stride = Math.Max(1, order.Length / 3000);
        var shown = order.Where((_, k) => k % stride == 0).ToArray();
        return PlotFigure.Chart(
        [
            PlotFigure.Trace("scattergl", new Dictionary<string, object?>
            {
                ["name"] = "frames", ["mode"] = "markers", ["x"] = PlotFigure.Values(shown.Select(i => occurrence[i]), 5), ["y"] = PlotFigure.Values(shown.Select(i => frameErrors[i]), 1),
                ["marker"] = new Dictionary<string, object?> { ["color"] = Blue, ["size"] = 4, ["opacity"] = 0.35 },
            }),
            PlotFigure.Trace("scatter", new Dictionary<string, object?>
            {
                ["name"] = $"mean of {bins} bins", ["mode"] = "lines+markers", ["x"] = PlotFigure.Values(binX, 5), ["y"] = PlotFigure.Values(binY, 2),
                ["line"] = new Dictionary<string, object?> { ["color"] = Orange, ["width"] = 3 },
            }),
        ], Layout(title, "occurrence (low = rare pose)", "MPJPE (mm)", height: 380, xLog: true));
    }

    /// <summary>Error (mm) against the joint-group size n_g, one line per series (e.g. Protocol 1 and 2).</summary>
    public static PlotlyFigure GroupSizeCurve(IReadOnlyDictionary<string, IReadOnlyList<(int GroupSize, double ErrorMm)>> series, string title = "Error against joint-group size n_g")
    {
        ArgumentNullException.ThrowIfNull(series);
        var colours = new[] { Blue, Orange, "#2ca02c", "#9467bd" };
        return PlotFigure.Chart(series.Select((s, k) => PlotFigure.Trace("scatter", new Dictionary<string, object?>
        {
            ["name"] = s.Key, ["mode"] = "lines+markers",
            ["x"] = s.Value.Select(p => p.GroupSize).ToArray(), ["y"] = PlotFigure.Values(s.Value.Select(p => p.ErrorMm), 2),
            ["line"] = new Dictionary<string, object?> { ["color"] = colours[k % colours.Length], ["width"] = 3 },
        })), Layout(title, "n_g (joints per group)", "error (mm)", height: 360));
    }

    /// <summary>A training run: loss per epoch (left axis, log scale) and validation MPJPE (right axis) when known.</summary>
    public static PlotlyFigure TrainingCurve(IReadOnlyList<(int Epoch, double Loss, double ValidationMpjpe)> epochs, string title = "Training curve")
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var traces = new List<Dictionary<string, object?>>
        {
            PlotFigure.Trace("scatter", new Dictionary<string, object?>
            {
                ["name"] = "training loss", ["mode"] = "lines+markers", ["x"] = epochs.Select(e => e.Epoch).ToArray(), ["y"] = PlotFigure.Values(epochs.Select(e => e.Loss), 6),
                ["line"] = new Dictionary<string, object?> { ["color"] = Blue, ["width"] = 3 },
            }),
        };
        var validated = epochs.Any(e => double.IsFinite(e.ValidationMpjpe));
        if (validated)
            traces.Add(PlotFigure.Trace("scatter", new Dictionary<string, object?>
            {
                ["name"] = "validation MPJPE (mm)", ["mode"] = "lines+markers", ["yaxis"] = "y2", ["x"] = epochs.Select(e => e.Epoch).ToArray(), ["y"] = PlotFigure.Values(epochs.Select(e => e.ValidationMpjpe), 2),
                ["line"] = new Dictionary<string, object?> { ["color"] = Orange, ["width"] = 3 },
            }));
        var layout = Layout(title, "epoch", "training loss (log scale)", height: 340, yLog: true);
        if (validated)
            layout["yaxis2"] = new Dictionary<string, object?> { ["title"] = new Dictionary<string, object?> { ["text"] = "validation MPJPE (mm)" }, ["overlaying"] = "y", ["side"] = "right", ["showgrid"] = false };
        return PlotFigure.Chart(traces, layout);
    }

    /// <summary>A hyper-parameter search: each trial's objective (mm) in trial order and the best so far.</summary>
    public static PlotlyFigure TrialCurve(IReadOnlyList<(int Trial, double Objective, string Label)> trials, string title = "Hyper-parameter search")
    {
        ArgumentNullException.ThrowIfNull(trials);
        var best = new List<double>();
        var sofar = double.PositiveInfinity;
        foreach (var t in trials) best.Add(sofar = Math.Min(sofar, double.IsFinite(t.Objective) ? t.Objective : double.PositiveInfinity));
        return PlotFigure.Chart(
        [
            PlotFigure.Trace("scatter", new Dictionary<string, object?>
            {
                ["name"] = "trial", ["mode"] = "markers", ["x"] = trials.Select(t => t.Trial).ToArray(), ["y"] = PlotFigure.Values(trials.Select(t => t.Objective), 2),
                ["text"] = trials.Select(t => t.Label).ToArray(), ["hovertemplate"] = "trial %{x}: %{y:.1f} mm<br>%{text}<extra></extra>",
                ["marker"] = new Dictionary<string, object?> { ["color"] = Blue, ["size"] = 9 },
            }),
            PlotFigure.Trace("scatter", new Dictionary<string, object?>
            {
                ["name"] = "best so far", ["mode"] = "lines", ["line"] = new Dictionary<string, object?> { ["color"] = Orange, ["width"] = 3, ["shape"] = "hv" },
                ["x"] = trials.Select(t => t.Trial).ToArray(), ["y"] = PlotFigure.Values(best, 2),
            }),
        ], Layout(title, "trial", "validation MPJPE (mm)", height: 340));
    }

    private static PlotlyFigure Bars(string[] names, double[] values, string title, string axis, string colour, int height) =>
        PlotFigure.Chart([PlotFigure.Trace("bar", new Dictionary<string, object?>
        {
            ["orientation"] = "h", ["y"] = names, ["x"] = PlotFigure.Values(values, 1), ["name"] = axis,
            ["marker"] = new Dictionary<string, object?> { ["color"] = colour },
            ["text"] = values.Select(v => PlotFigure.Text(v)).ToArray(), ["textposition"] = "outside", ["cliponaxis"] = false,
            ["hovertemplate"] = "%{y}: %{x:.1f} mm<extra></extra>",
        })], new Dictionary<string, object?>
        {
            ["title"] = new Dictionary<string, object?> { ["text"] = title },
            ["height"] = height,
            ["xaxis"] = new Dictionary<string, object?> { ["title"] = new Dictionary<string, object?> { ["text"] = axis }, ["gridcolor"] = "#eeeeee" },
            ["yaxis"] = new Dictionary<string, object?> { ["automargin"] = true },
            ["margin"] = new Dictionary<string, object?> { ["l"] = 10, ["r"] = 40, ["t"] = 40, ["b"] = 40 },
        });

    private static Dictionary<string, object?> Layout(string title, string x, string y, int height, bool xLog = false, bool yLog = false) => new()
    {
        ["title"] = new Dictionary<string, object?> { ["text"] = title },
        ["height"] = height,
        ["xaxis"] = new Dictionary<string, object?> { ["title"] = new Dictionary<string, object?> { ["text"] = x }, ["type"] = xLog ? "log" : null, ["gridcolor"] = "#eeeeee" },
        ["yaxis"] = new Dictionary<string, object?> { ["title"] = new Dictionary<string, object?> { ["text"] = y }, ["type"] = yLog ? "log" : null, ["gridcolor"] = "#eeeeee", ["rangemode"] = yLog ? null : "tozero" },
        ["legend"] = new Dictionary<string, object?> { ["orientation"] = "h", ["y"] = 1.12 },
    };
}
