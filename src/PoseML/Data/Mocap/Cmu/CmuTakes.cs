using System.Globalization;
using System.Text.RegularExpressions;

namespace PoseML.Data.Mocap.Cmu;

/// <summary>Names CMU takes the way the shipped pose tables do: subject <c>CMU&lt;subject&gt;</c>,
/// action <c>&lt;Action&gt; &lt;take&gt;</c> (e.g. <c>01_01</c> → <c>CMU01</c>, <c>Jump 01</c>).</summary>
public static partial class CmuTakes
{
    private static readonly Dictionary<string, string> KnownActions = new(StringComparer.Ordinal)
    {
        ["01_01"] = "Jump", ["07_01"] = "Walk", ["08_02"] = "Walk", ["09_11"] = "Run", ["11_01"] = "Kick",
        ["35_01"] = "Walk", ["131_01"] = "Walk", ["131_02"] = "Walk", ["131_03"] = "Hop",
        ["60"] = "Salsa", ["61"] = "Salsa",
    };

    [GeneratedRegex(@"^(?<subject>\d+)_(?<take>\d+)$")]
    private static partial Regex TakePattern();

    /// <summary>Subject and action for a file called <paramref name="path"/>: a CMU stem
    /// <c>&lt;subject&gt;_&lt;take&gt;</c> gives <c>CMU&lt;subject&gt;</c> and the known action (or <c>Take</c>)
    /// followed by the take number; any other stem is used as the subject, with action <c>Take</c>.</summary>
    public static (string Subject, string Action) NamesFor(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        var m = TakePattern().Match(stem);
        if (!m.Success) return (stem, "Take");
        var subject = m.Groups["subject"].Value;
        var take = m.Groups["take"].Value;
        var action = KnownActions.TryGetValue(stem, out var a) ? a
            : KnownActions.TryGetValue(subject, out var s) ? s
            : "Take";
        return ("CMU" + subject, string.Create(CultureInfo.InvariantCulture, $"{action} {take}"));
    }
}
