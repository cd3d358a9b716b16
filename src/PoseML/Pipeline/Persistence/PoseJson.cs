using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PoseML.Pipeline.Persistence;

/// <summary>The JSON settings PoseML uses for options, manifests and trial logs: property names as
/// declared, enums as names, NaN and infinities allowed as named literals, non-ASCII text unescaped.</summary>
public static class PoseJson
{
    /// <summary>Settings for single-line JSON (trial logs, options in messages).</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    /// <summary>Settings for human-readable JSON (model manifests).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = indented,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            // Files, not HTML: keep non-ASCII text (joint names, '∈' in search spaces) readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new JsonStringEnumConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
