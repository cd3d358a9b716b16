using System.Globalization;

namespace PoseML.Reports.Charts;

/// <summary>Builds <see cref="PlotlyFigure"/>s from plotly.js attribute trees, so that every attribute plotly.js knows
/// is reachable, with PoseML's page defaults (font, white background, margins).</summary>
public static class PlotFigure
{
    /// <summary>A trace of plotly.js type <paramref name="type"/> (e.g. <c>scatter3d</c>, <c>bar</c>) with the given attributes (null ones left out).</summary>
    public static Dictionary<string, object?> Trace(string type, IReadOnlyDictionary<string, object?> attributes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentNullException.ThrowIfNull(attributes);
        var trace = new Dictionary<string, object?> { ["type"] = type };
        foreach (var (key, value) in attributes)
            if (value is not null) trace[key] = value;
        return trace;
    }

    /// <summary>A figure of <paramref name="traces"/> with the layout attributes <paramref name="layout"/> over the page defaults.</summary>
    public static PlotlyFigure Chart(IEnumerable<IReadOnlyDictionary<string, object?>> traces, IReadOnlyDictionary<string, object?> layout)
    {
        ArgumentNullException.ThrowIfNull(traces);
        ArgumentNullException.ThrowIfNull(layout);
        var merged = new Dictionary<string, object?>
        {
            ["font"] = new Dictionary<string, object?> { ["family"] = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", ["size"] = 12, ["color"] = "#222" },
            ["paper_bgcolor"] = "white",
            ["plot_bgcolor"] = "white",
            ["margin"] = new Dictionary<string, object?> { ["l"] = 50, ["r"] = 20, ["t"] = 40, ["b"] = 50 },
        };
        foreach (var (key, value) in layout) merged[key] = value;
        return new PlotlyFigure(traces.ToList(), merged);
    }

    /// <summary>Coordinates rounded to 0.1 (mm or pixels: finer than any pose error we show) with gaps as null,
    /// which plotly.js draws as breaks.</summary>
    public static double?[] Coordinates(IEnumerable<double> values) =>
        values.Select(v => double.IsFinite(v) ? Math.Round(v, 1) : (double?)null).ToArray();

    /// <summary>Values rounded to <paramref name="digits"/> decimals, non-finite ones as null.</summary>
    public static double?[] Values(IEnumerable<double> values, int digits = 3) =>
        values.Select(v => double.IsFinite(v) ? Math.Round(v, digits) : (double?)null).ToArray();

    /// <summary>A number as label text (invariant culture).</summary>
    public static string Text(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);
}
