using System.Globalization;
using System.Net;
using System.Text;
using PoseML.Core;
using PoseML.Reports.Charts;

namespace PoseML.Reports.Html;

/// <summary>A self-contained HTML page assembled from headings, text, tables and charts: plotly.js (from the
/// Plotly.NET package) is inlined once, so the file opens without a network. Plot ids are numbered in order, so the
/// same content gives the same bytes.</summary>
public sealed class HtmlPage
{
    private readonly StringBuilder _body = new();
    private int _plots;
    private int _traces;

    /// <summary>A page titled <paramref name="title"/>.</summary>
    public HtmlPage(string title)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        Title = title;
    }

    /// <summary>The page title.</summary>
    public string Title { get; }

    /// <summary>Charts added so far (each one <c>div.plot</c>).</summary>
    public int PlotCount => _plots;

    /// <summary>Traces of all charts added so far (what a browser must draw).</summary>
    public int TraceCount => _traces;

    /// <summary>A section heading.</summary>
    public HtmlPage Heading(string text, int level = 2)
    {
        if (level is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(level), level, "expected 1 to 4");
        _body.Append(CultureInfo.InvariantCulture, $"<h{level}>{Encode(text)}</h{level}>\n");
        return this;
    }

    /// <summary>A paragraph of plain text.</summary>
    public HtmlPage Paragraph(string text, string? cssClass = null)
    {
        _body.Append(cssClass is null ? "<p>" : $"<p class=\"{cssClass}\">").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Headline figures as cards: label, value and unit each.</summary>
    public HtmlPage Cards(IEnumerable<(string Label, string Value, string Unit)> cards)
    {
        _body.Append("<div class=\"cards\">");
        foreach (var (label, value, unit) in cards)
            _body.Append(CultureInfo.InvariantCulture, $"<div class=\"card\"><div class=\"label\">{Encode(label)}</div><div class=\"value\">{Encode(value)}<span class=\"unit\"> {Encode(unit)}</span></div></div>");
        _body.Append("</div>\n");
        return this;
    }

    /// <summary>A table; cells that parse as numbers are right-aligned.</summary>
    public HtmlPage Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        _body.Append("<table>");
        if (caption is not null) _body.Append("<caption>").Append(Encode(caption)).Append("</caption>");
        _body.Append("<thead><tr>");
        foreach (var h in header) _body.Append("<th>").Append(Encode(h)).Append("</th>");
        _body.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            if (row.Count != header.Count) throw new ArgumentException($"a row has {row.Count} cells, the header {header.Count}", nameof(rows));
            _body.Append("<tr>");
            foreach (var cell in row)
                _body.Append(double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "<td class=\"num\">" : "<td>").Append(Encode(cell)).Append("</td>");
            _body.Append("</tr>");
        }
        _body.Append("</tbody></table>\n");
        return this;
    }

    /// <summary>One chart, full width.</summary>
    public HtmlPage Chart(PlotlyFigure chart)
    {
        _body.Append(Plot(chart));
        return this;
    }

    /// <summary>Charts side by side (as many per row as fit, each at least 420 px wide), each with a caption.</summary>
    public HtmlPage Grid(IEnumerable<(PlotlyFigure Chart, string Caption)> charts)
    {
        _body.Append("<div class=\"grid\">");
        foreach (var (chart, caption) in charts)
            _body.Append("<figure>").Append(Plot(chart)).Append("<figcaption>").Append(Encode(caption)).Append("</figcaption></figure>");
        _body.Append("</div>\n");
        return this;
    }

    /// <summary>The whole page.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder(PlotlyJs.Source.Length + _body.Length + 4096);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(Encode(Title)).Append("</title>\n<style>").Append(Style).Append("</style>\n");
        html.Append(CultureInfo.InvariantCulture, $"<!-- plotly.js {PlotlyJs.Version}, inlined from the Plotly.NET package (MIT licence) -->\n");
        html.Append(PlotlyJs.ScriptElement()).Append("\n</head>\n<body><main>\n");
        html.Append("<h1>").Append(Encode(Title)).Append("</h1>\n");
        html.Append(_body);
        html.Append("</main></body></html>\n");
        return html.ToString();
    }

    /// <summary>Writes the page to <paramref name="path"/> atomically (a temporary file renamed into place).</summary>
    public void Write(string path) => AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        writer.Write(ToHtml());
    });

    private string Plot(PlotlyFigure chart)
    {
        _traces += chart.TraceCount;
        return ChartHtml.Fragment(chart, $"plot-{++_plots}");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private const string Style = """
        body { margin: 0; background: #f4f5f7; color: #222; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        main { max-width: 1280px; margin: 0 auto; padding: 24px 28px 60px; }
        h1 { font-size: 26px; margin: 8px 0 4px; }
        h2 { font-size: 19px; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #dde1e7; }
        p.meta { color: #555; margin: 2px 0; }
        p.note { color: #666; font-size: 13px; }
        .cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 18px 0; }
        .card { background: white; border-radius: 8px; padding: 12px 18px; box-shadow: 0 1px 3px rgba(0,0,0,.12); min-width: 130px; }
        .card .label { color: #666; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
        .card .value { font-size: 26px; font-weight: 600; }
        .card .unit { font-size: 14px; font-weight: 400; color: #666; }
        table { border-collapse: collapse; background: white; margin: 10px 0; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
        caption { text-align: left; color: #555; padding: 4px 0; }
        th, td { padding: 5px 12px; border-bottom: 1px solid #eceef1; text-align: left; }
        th { background: #fafbfc; font-weight: 600; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .plot { background: white; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.12); margin: 10px 0; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 14px; }
        figure { margin: 0; }
        figcaption { color: #555; font-size: 13px; padding: 2px 6px; }
        """;
}
