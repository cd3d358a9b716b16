using System.Reflection;

namespace PoseML.Reports.Charts;

/// <summary>The plotly.js library that ships inside the Plotly.NET package (an embedded resource of its assembly),
/// for pages and notebooks that must draw without fetching anything from a CDN.</summary>
public static class PlotlyJs
{
    private static readonly Lazy<(string Version, string Source)> Resource = new(Load);

    /// <summary>The plotly.js version Plotly.NET carries (e.g. <c>2.28.0</c>).</summary>
    public static string Version => Resource.Value.Version;

    /// <summary>The minified plotly.js source.</summary>
    public static string Source => Resource.Value.Source;

    /// <summary>A <c>&lt;script&gt;</c> element holding the whole library, safe to place in an HTML page
    /// (<c>&lt;/script</c> inside the source is escaped).</summary>
    public static string ScriptElement() =>
        "<script type=\"text/javascript\">" + Source.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) + "</script>";

    private static (string, string) Load()
    {
        // Loaded by name for its resources only: no Plotly.NET type is touched, so its F# runtime is never needed.
        var assembly = Assembly.Load(new AssemblyName("Plotly.NET"));
        const string prefix = "Plotly.NET.plotly-", suffix = ".min.js";
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(suffix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} {assembly.GetName().Version} carries no embedded plotly.js ({prefix}*{suffix}); the report cannot be self-contained");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return (name[prefix.Length..^suffix.Length], reader.ReadToEnd());
    }
}
