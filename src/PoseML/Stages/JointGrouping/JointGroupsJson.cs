using System.Text.Json;
using PoseML.Core;

namespace PoseML.Stages.JointGrouping;

/// <summary>Reads and writes joint groups as JSON:
/// <code>{"format": "poseml.joint-groups", "version": 1, "joints": 17, "groups": [[0, 1, 2, 4, 7], [8, 9, 10, 11, 14], …]}</code>
/// <c>joints</c> is the skeleton's joint count <c>n</c>; <c>groups</c> is a list of joint-index lists
/// (0-based, in the skeleton's joint order; order inside a group does not matter, it is sorted on read).
/// <c>format</c> and <c>version</c> are written and, when present, checked on read, so hand-written files
/// may omit them.</summary>
public static class JointGroupsJson
{
    /// <summary>The format tag written into every file.</summary>
    public const string FormatName = "poseml.joint-groups";

    /// <summary>The format version this build writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Serialises <paramref name="groups"/> (one group per line, for diffs).</summary>
    public static string ToJson(JointGroups groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var lines = groups.Groups.Select(g => "    [" + string.Join(", ", g) + "]");
        return $"{{\n  \"format\": \"{FormatName}\",\n  \"version\": {Version},\n  \"joints\": {groups.JointCount},\n  \"groups\": [\n"
               + string.Join(",\n", lines) + "\n  ]\n}\n";
    }

    /// <summary>Writes <paramref name="groups"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(JointGroups groups, string path) => AtomicFile.WriteText(path, w => w.Write(ToJson(groups)));

    /// <summary>Reads a joint-groups file.</summary>
    /// <exception cref="DataFormatException">Missing file, malformed JSON, or a field with the wrong type or value (the JSON path is named).</exception>
    public static JointGroups Read(string path)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "file not found");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses joint groups from JSON text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="DataFormatException">Malformed JSON, or a field with the wrong type or value (the JSON path is named).</exception>
    public static JointGroups Parse(string json, string source = "joint groups")
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new DataFormatException(source, $"not valid JSON: {e.Message}", e.LineNumber + 1, null, e); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new DataFormatException(source, "expected a JSON object {\"joints\": n, \"groups\": [[...], ...]}", field: "$");
            JsonFields.RequireKnownKeys(root, "$", source, "format", "version", "joints", "groups");
            if (root.TryGetProperty("format", out var format) && format.GetString() != FormatName)
                throw new DataFormatException(source, $"expected \"{FormatName}\"", field: "$.format");
            if (root.TryGetProperty("version", out var version) && (version.ValueKind != JsonValueKind.Number || version.GetInt32() != Version))
                throw new DataFormatException(source, $"unsupported version {version}, this build reads version {Version}", field: "$.version");
            var joints = JsonFields.RequireInt(root, "joints", "$", source, min: 1);
            var groupsElement = JsonFields.RequireArray(root, "groups", "$", source);
            var groups = new List<int[]>();
            var j = 0;
            foreach (var g in groupsElement.EnumerateArray())
            {
                var path = $"$.groups[{j}]";
                if (g.ValueKind != JsonValueKind.Array) throw new DataFormatException(source, "expected an array of joint indices", field: path);
                var list = new List<int>();
                var k = 0;
                foreach (var e in g.EnumerateArray())
                {
                    if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var index))
                        throw new DataFormatException(source, $"expected an integer joint index, found {e}", field: $"{path}[{k}]");
                    if (index < 0 || index >= joints)
                        throw new DataFormatException(source, $"joint index {index} out of range 0..{joints - 1}", field: $"{path}[{k}]");
                    list.Add(index);
                    k++;
                }
                groups.Add([.. list]);
                j++;
            }
            try { return new JointGroups(joints, groups); }
            catch (InvalidOptionException e) { throw new DataFormatException(source, e.Message, field: "$.groups", inner: e); }
        }
    }
}

/// <summary>Small helpers that read required JSON fields and name the JSON path on failure.</summary>
internal static class JsonFields
{
    /// <summary>Rejects keys the format does not define (a misspelt or mis-cased key would otherwise be
    /// silently ignored), naming the key as written and the accepted ones.</summary>
    internal static void RequireKnownKeys(JsonElement obj, string path, string source, params string[] accepted)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (Array.IndexOf(accepted, property.Name) >= 0) continue;
            var hint = accepted.FirstOrDefault(a => string.Equals(a, property.Name, StringComparison.OrdinalIgnoreCase)) is { } near ? $" (did you mean '{near}'? keys are case-sensitive)" : "";
            throw new DataFormatException(source, $"unknown key{hint}; expected {string.Join(", ", accepted)}", field: $"{path}.{property.Name}");
        }
    }

    internal static int RequireInt(JsonElement parent, string name, string path, string source, int min = int.MinValue)
    {
        if (!parent.TryGetProperty(name, out var e)) throw new DataFormatException(source, "missing required field", field: $"{path}.{name}");
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var v))
            throw new DataFormatException(source, $"expected an integer, found {e.ValueKind}", field: $"{path}.{name}");
        if (v < min) throw new DataFormatException(source, $"expected at least {min}, found {v}", field: $"{path}.{name}");
        return v;
    }

    internal static JsonElement RequireArray(JsonElement parent, string name, string path, string source)
    {
        if (!parent.TryGetProperty(name, out var e)) throw new DataFormatException(source, "missing required field", field: $"{path}.{name}");
        if (e.ValueKind != JsonValueKind.Array) throw new DataFormatException(source, $"expected an array, found {e.ValueKind}", field: $"{path}.{name}");
        return e;
    }
}
