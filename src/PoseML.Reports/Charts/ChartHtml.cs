using System.Globalization;
using System.Text;

namespace PoseML.Reports.Charts;

/// <summary>HTML fragments that draw <see cref="PlotlyFigure"/>s with the plotly.js of <see cref="PlotlyJs"/> (never a CDN):
/// a page or notebook includes <see cref="PlotlyJs.ScriptElement"/> once, then any number of fragments.</summary>
public static class ChartHtml
{
    /// <summary>A <c>&lt;div&gt;</c> with id <paramref name="id"/> and the script that draws <paramref name="chart"/> in it.
    /// The script waits for <c>window.Plotly</c>, so a fragment may come before the library in a notebook's outputs.</summary>
    public static string Fragment(PlotlyFigure chart, string id, string cssClass = "plot")
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (string.IsNullOrWhiteSpace(id) || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            throw new ArgumentException($"a plot id is letters, digits, '-' and '_', got '{id}'", nameof(id));
        var figure = chart.ToJson().Replace("</", "<\\/", StringComparison.Ordinal);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<div id=\"{id}\" class=\"{cssClass}\"></div>\n");
        html.Append("<script type=\"text/javascript\">(function () {\n");
        html.Append(CultureInfo.InvariantCulture, $"  var figure = {figure};\n");
        html.Append(CultureInfo.InvariantCulture, $"  function draw() {{ if (!window.Plotly) {{ setTimeout(draw, 50); return; }} Plotly.newPlot('{id}', figure.data, figure.layout, {{ responsive: true, displaylogo: false }}); }}\n");
        html.Append("  draw();\n})();</script>\n");
        return html.ToString();
    }

    /// <summary>A fragment with a fresh id, for notebooks: <c>display(HTML(ChartHtml.Fragment(chart)))</c>.</summary>
    public static string Fragment(PlotlyFigure chart) => Fragment(chart, "poseml-plot-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>A whole page: the library inlined, then the chart.</summary>
    public static string Page(PlotlyFigure chart, string title) =>
        $"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{System.Net.WebUtility.HtmlEncode(title)}</title>{PlotlyJs.ScriptElement()}</head><body>\n{Fragment(chart, "plot")}</body></html>\n";
}
