using System.Text.Json;

namespace PoseML.Reports.Charts;

/// <summary>A plotly.js figure: its traces and its layout as attribute trees (dictionaries, arrays, strings and numbers;
/// null entries are left out), drawn by <see cref="ChartHtml"/> with the inlined plotly.js. PoseML builds figures itself
/// rather than through Plotly.NET's chart objects, whose F# runtime (FSharp.Core 10.1) conflicts with the one the .NET
/// Interactive notebook kernels load; the figures are the same JSON plotly.js reads either way.</summary>
public sealed class PlotlyFigure
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>A figure of <paramref name="data"/> (one attribute tree per trace, each with its <c>type</c>) and <paramref name="layout"/>.</summary>
    public PlotlyFigure(IReadOnlyList<IReadOnlyDictionary<string, object?>> data, IReadOnlyDictionary<string, object?> layout)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(layout);
        if (data.Count == 0) throw new ArgumentException("a figure needs at least one trace", nameof(data));
        Data = data;
        Layout = layout;
    }

    /// <summary>The traces.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Data { get; }

    /// <summary>The layout.</summary>
    public IReadOnlyDictionary<string, object?> Layout { get; }

    /// <summary>The number of traces (what a browser must draw).</summary>
    public int TraceCount => Data.Count;

    /// <summary>The figure as plotly.js JSON: <c>{"data":[…],"layout":{…}}</c>, null attributes left out, non-finite
    /// numbers written as null (JSON has no NaN; plotly.js draws gaps there).</summary>
    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object?> { ["data"] = Data.Select(Clean).ToArray(), ["layout"] = Clean(Layout) }, Json);

    private static object? Clean(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => double.IsFinite(d) ? d : null,
        float f => float.IsFinite(f) ? f : null,
        IReadOnlyDictionary<string, object?> map => map.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => Clean(kv.Value)),
        System.Collections.IDictionary map => map.Keys.Cast<object>().Where(k => map[k] is not null).ToDictionary(k => k.ToString()!, k => Clean(map[k])),
        double[] a => a.Select(v => double.IsFinite(v) ? (double?)v : null).ToArray(),
        double?[] or int[] or string[] or bool[] => value,
        System.Collections.IEnumerable list => list.Cast<object?>().Select(Clean).ToArray(),
        _ => value,
    };
}
