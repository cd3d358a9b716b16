using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PoseML.Nn.Networks;
using PoseML.Pipeline.Search;
using PoseML.Stages.Consensus;
using PoseML.Stages.DomainConversion;
using PoseML.Stages.JointGroupSelection;
using PoseML.Stages.RarePose;

namespace PoseML.Pipeline.Persistence;

/// <summary>The JSON settings PoseML uses for options, manifests and trial logs: property names as
/// declared, enums as names, NaN and infinities allowed as named literals, non-ASCII text unescaped,
/// keys that no property takes rejected.</summary>
/// <remarks>PoseML's own types are described by source-generated metadata, so these settings work in trimmed
/// and file-based apps, where reflection-based JSON is off. Where reflection-based JSON is on (the default
/// in ordinary apps), other types (e.g. a third-party stage's options record) are handled by reflection.</remarks>
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
            // A misspelt key in a manifest or trial log is an error, not a silently ignored setting.
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            TypeInfoResolver = Resolver(),
            Converters =
            {
                new JsonStringEnumConverter<LifterActivation>(), new JsonStringEnumConverter<JointGroupStrategy>(),
                new JsonStringEnumConverter<ConsensusSolverKind>(), new JsonStringEnumConverter<ConsensusGauge>(),
                new JsonStringEnumConverter<OccurrenceMode>(), new JsonStringEnumConverter<DomainConversionMethod>(),
                new JsonStringEnumConverter<HeatmapNormalization>(), new JsonStringEnumConverter<BudgetKind>(),
            },
        };
        if (JsonSerializer.IsReflectionEnabledByDefault) AddReflectionEnumConverter(options);
        options.MakeReadOnly();
        return options;
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only added where reflection-based JSON is enabled.")]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only added where reflection-based JSON is enabled.")]
    private static void AddReflectionEnumConverter(JsonSerializerOptions options) => options.Converters.Add(new JsonStringEnumConverter());

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The reflection resolver is only used where reflection-based JSON is enabled.")]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The reflection resolver is only used where reflection-based JSON is enabled.")]
    private static IJsonTypeInfoResolver Resolver() => JsonSerializer.IsReflectionEnabledByDefault
        ? JsonTypeInfoResolver.Combine(PoseJsonContext.Default, new DefaultJsonTypeInfoResolver())
        : PoseJsonContext.Default;

    /// <summary>Explains a <see cref="JsonException"/> raised while reading <paramref name="type"/> in the words of
    /// the JSON: the key as written and what it should hold, e.g. <c>unknown key 'Widht'; GroupLifterOptions
    /// accepts InputColumnName, …, Width, …</c> or <c>key 'Width': expected an integer</c>.</summary>
    internal static string Explain(JsonException e, Type type, JsonSerializerOptions? options = null)
    {
        options ??= Compact;
        var path = e.Path;
        if (string.IsNullOrEmpty(path) || path == "$") return e.Message;
        JsonTypeInfo info;
        try { info = options.GetTypeInfo(type); }
        catch (Exception) { return e.Message; }
        var walked = new List<string>();
        foreach (var raw in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = raw.IndexOf('[', StringComparison.Ordinal);
            var name = bracket >= 0 ? raw[..bracket] : raw;
            if (name.Length > 0)
            {
                if (info.Kind != JsonTypeInfoKind.Object) return e.Message;
                var property = info.Properties.FirstOrDefault(p => p.Name == name);
                if (property is null)
                    return $"unknown key '{string.Join(".", walked.Append(name))}'; {info.Type.Name} accepts {string.Join(", ", info.Properties.Where(p => p.Set is not null).Select(p => p.Name))}";
                walked.Add(name);
                info = options.GetTypeInfo(property.PropertyType);
            }
            for (var b = bracket; b >= 0; b = raw.IndexOf('[', b + 1))
            {
                if (info.ElementType is null) return e.Message;
                info = options.GetTypeInfo(info.ElementType);
            }
        }
        return $"key '{string.Join(".", walked)}': expected {Expected(info.Type)}";
    }

    private static string Expected(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var orNull = t != type ? " or null" : "";
        if (t.IsEnum) return $"one of {string.Join(", ", Enum.GetNames(t))}{orNull}";
        if (t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte)) return "an integer" + orNull;
        if (t == typeof(float) || t == typeof(double)) return "a number" + orNull;
        if (t == typeof(bool)) return "true or false" + orNull;
        if (t == typeof(string)) return "a string";
        if (t.IsArray) return $"an array of {t.GetElementType()!.Name}";
        return $"a {t.Name} object";
    }
}
