using System.Globalization;
using Plotly.NET;

namespace PoseML.Reports.Charts;

/// <summary>Builds Plotly.NET charts from plotly.js attribute trees (traces and layouts as dictionaries, arrays and
/// numbers), so that every attribute plotly.js knows is reachable without Plotly.NET's typed wrappers.</summary>
public static class PlotFigure
{
    /// <summary>A trace of plotly.js type <paramref name="type"/> (e.g. <c>scatter3d</c>, <c>bar</c>) with the given attributes.</summary>
    public static Trace Trace(string type, IReadOnlyDictionary<string, object?> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var trace = new Trace(type);
        foreach (var (key, value) in attributes)
            if (value is not null) trace.SetProperty(key, value);
        return trace;
    }

    /// <summary>A chart of <paramref name="traces"/> with the layout attributes <paramref name="layout"/>
    /// (Plotly.NET's default template is not applied: the layout says everything).</summary>
    public static GenericChart Chart(IEnumerable<Trace> traces, IReadOnlyDictionary<string, object?> layout)
    {
        ArgumentNullException.ThrowIfNull(traces);
        ArgumentNullException.ThrowIfNull(layout);
        var list = traces.ToList();
        if (list.Count == 0) throw new ArgumentException("a chart needs at least one trace", nameof(traces));
        var chart = list.Count == 1 ? GenericChart.ofTraceObject(false, list[0]) : GenericChart.combine(list.Select(t => GenericChart.ofTraceObject(false, t)));
        var l = new Layout();
        foreach (var (key, value) in Defaults(layout))
            if (value is not null) l.SetProperty(key, value);
        return GenericChart.addLayout(l, chart);
    }

    /// <summary>The number of traces of a chart (what a browser test expects to find drawn).</summary>
    public static int TraceCount(GenericChart chart) => GenericChart.getTraces(chart).Count();

    /// <summary>Coordinates rounded to 0.1 (mm or pixels: finer than any pose error we show) with gaps as null,
    /// which plotly.js draws as breaks; JSON has no NaN.</summary>
    public static double?[] Coordinates(IEnumerable<double> values) =>
        values.Select(v => double.IsFinite(v) ? Math.Round(v, 1) : (double?)null).ToArray();

    /// <summary>Values rounded to <paramref name="digits"/> decimals, non-finite ones as null.</summary>
    public static double?[] Values(IEnumerable<double> values, int digits = 3) =>
        values.Select(v => double.IsFinite(v) ? Math.Round(v, digits) : (double?)null).ToArray();

    /// <summary>A number as plotly.js label text (invariant culture).</summary>
    public static string Text(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);

    private static IEnumerable<KeyValuePair<string, object?>> Defaults(IReadOnlyDictionary<string, object?> layout)
    {
        var merged = new Dictionary<string, object?>
        {
            ["font"] = new Dictionary<string, object?> { ["family"] = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", ["size"] = 12, ["color"] = "#222" },
            ["paper_bgcolor"] = "white",
            ["plot_bgcolor"] = "white",
            ["margin"] = new Dictionary<string, object?> { ["l"] = 50, ["r"] = 20, ["t"] = 40, ["b"] = 50 },
        };
        foreach (var (key, value) in layout) merged[key] = value;
        return merged;
    }
}
