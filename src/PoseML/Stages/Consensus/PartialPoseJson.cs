using System.Text.Json;
using PoseML.Core;
using PoseML.Data;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.Consensus;

/// <summary>Partial 3D pose estimates of joint groups, read from JSON, ready for <see cref="ConsensusSolver"/>.</summary>
/// <param name="Subjects">Per frame subject (empty when absent).</param>
/// <param name="Actions">Per frame action (empty when absent).</param>
/// <param name="Cameras">Per frame camera (<see cref="PoseColumns.NoCamera"/> when absent).</param>
/// <param name="FrameNumbers">Per frame number (the frame's position when absent).</param>
/// <param name="Estimates">[frames, rows, 3] stacked group estimates (NaN for a null point).</param>
/// <param name="Confidence">[frames, rows] per-row confidences (1 when absent).</param>
public sealed record PartialPoses(string[] Subjects, string[] Actions, int[] Cameras, int[] FrameNumbers, float[] Estimates, float[] Confidence)
{
    /// <summary>Number of frames.</summary>
    public int FrameCount => Subjects.Length;
}

/// <summary>Reads partial pose estimates:
/// <code>{"format": "poseml.partial-poses", "version": 1, "joints": 17,
///  "frames": [{"subject": "S9", "action": "Walking", "camera": 0, "frame": 12,
///              "groups": [[[x, y, z], …], …],
///              "confidence": [[c, …], …]}]}</code>
/// <c>groups</c> holds one list per joint group, in the order of the groups file, each with one
/// <c>[x, y, z]</c> point per joint of the group in ascending joint-index order; a point may be
/// <c>null</c> (missing). Each group's points may carry any translation (the consensus recovers it).
/// <c>confidence</c> (optional) has the same nesting with one number per point; 0 drops the point.
/// <c>subject</c>, <c>action</c>, <c>camera</c>, <c>frame</c> are optional keys copied to the output.
/// <c>joints</c> must equal the groups file's joint count; <c>format</c>/<c>version</c> are optional.</summary>
public static class PartialPoseJson
{
    /// <summary>The format tag.</summary>
    public const string FormatName = "poseml.partial-poses";

    /// <summary>Reads <paramref name="path"/> against <paramref name="groups"/>.</summary>
    /// <exception cref="DataFormatException">Missing file, malformed JSON, or a field of the wrong type or shape (the JSON path is named).</exception>
    public static PartialPoses Read(string path, JointGroups groups)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "file not found");
        return Parse(File.ReadAllText(path), groups, path);
    }

    /// <summary>Parses partial estimates from JSON text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="DataFormatException">Malformed JSON, or a field of the wrong type or shape (the JSON path is named).</exception>
    public static PartialPoses Parse(string json, JointGroups groups, string source = "partial poses")
    {
        ArgumentNullException.ThrowIfNull(groups);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new DataFormatException(source, $"not valid JSON: {e.Message}", e.LineNumber + 1, null, e); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new DataFormatException(source, "expected a JSON object {\"joints\": n, \"frames\": [...]}", field: "$");
            JsonFields.RequireKnownKeys(root, "$", source, "format", "version", "joints", "frames");
            if (root.TryGetProperty("format", out var format) && format.GetString() != FormatName)
                throw new DataFormatException(source, $"expected \"{FormatName}\"", field: "$.format");
            if (root.TryGetProperty("version", out var version) && (version.ValueKind != JsonValueKind.Number || version.GetInt32() != 1))
                throw new DataFormatException(source, $"unsupported version {version}, this build reads version 1", field: "$.version");
            var joints = JsonFields.RequireInt(root, "joints", "$", source, min: 1);
            if (joints != groups.JointCount)
                throw new DataFormatException(source, $"the groups file has {groups.JointCount} joints, this file {joints}", field: "$.joints");
            var framesElement = JsonFields.RequireArray(root, "frames", "$", source);
            var count = framesElement.GetArrayLength();
            var rows = groups.RowCount;
            var result = new PartialPoses(new string[count], new string[count], new int[count], new int[count], new float[count * rows * 3], new float[count * rows]);
            var f = 0;
            foreach (var frame in framesElement.EnumerateArray())
            {
                var path = $"$.frames[{f}]";
                if (frame.ValueKind != JsonValueKind.Object) throw new DataFormatException(source, "expected an object with \"groups\"", field: path);
                JsonFields.RequireKnownKeys(frame, path, source, "subject", "action", "camera", "frame", "groups", "confidence");
                result.Subjects[f] = OptionalText(frame, "subject", path, source);
                result.Actions[f] = OptionalText(frame, "action", path, source);
                result.Cameras[f] = frame.TryGetProperty("camera", out _) ? JsonFields.RequireInt(frame, "camera", path, source, min: -1) : PoseColumns.NoCamera;
                result.FrameNumbers[f] = frame.TryGetProperty("frame", out _) ? JsonFields.RequireInt(frame, "frame", path, source) : f;
                var g = JsonFields.RequireArray(frame, "groups", path, source);
                CheckLength(g, groups.GroupCount, $"{path}.groups", "groups (one per group of the groups file)", source);
                var hasConfidence = frame.TryGetProperty("confidence", out var conf) && conf.ValueKind != JsonValueKind.Null;
                if (hasConfidence)
                {
                    if (conf.ValueKind != JsonValueKind.Array) throw new DataFormatException(source, "expected an array of per-group arrays", field: $"{path}.confidence");
                    CheckLength(conf, groups.GroupCount, $"{path}.confidence", "groups", source);
                }
                for (var j = 0; j < groups.GroupCount; j++)
                {
                    var gp = $"{path}.groups[{j}]";
                    var points = g[j];
                    if (points.ValueKind != JsonValueKind.Array) throw new DataFormatException(source, "expected an array of [x, y, z] points", field: gp);
                    var size = groups.Groups[j].Length;
                    CheckLength(points, size, gp, $"points (group {j} has joints {string.Join(",", groups.Groups[j])})", source);
                    var cj = hasConfidence ? conf[j] : default;
                    if (hasConfidence)
                    {
                        if (cj.ValueKind != JsonValueKind.Array) throw new DataFormatException(source, "expected an array of numbers", field: $"{path}.confidence[{j}]");
                        CheckLength(cj, size, $"{path}.confidence[{j}]", "values", source);
                    }
                    for (var k = 0; k < size; k++)
                    {
                        var row = f * rows + groups.RowOffset(j) + k;
                        var point = points[k];
                        var pp = $"{gp}[{k}]";
                        result.Confidence[row] = hasConfidence ? Number(cj[k], $"{path}.confidence[{j}][{k}]", source) : 1f;
                        if (point.ValueKind == JsonValueKind.Null)
                        {
                            result.Estimates[3 * row] = result.Estimates[3 * row + 1] = result.Estimates[3 * row + 2] = float.NaN;
                            result.Confidence[row] = 0;
                            continue;
                        }
                        if (point.ValueKind != JsonValueKind.Array || point.GetArrayLength() != 3)
                            throw new DataFormatException(source, "expected [x, y, z] or null", field: pp);
                        for (var d = 0; d < 3; d++) result.Estimates[3 * row + d] = Number(point[d], $"{pp}[{d}]", source);
                    }
                }
                f++;
            }
            return result;
        }
    }

    private static void CheckLength(JsonElement array, int expected, string path, string what, string source)
    {
        if (array.GetArrayLength() != expected)
            throw new DataFormatException(source, $"expected {expected} {what}, found {array.GetArrayLength()}", field: path);
    }

    private static float Number(JsonElement e, string path, string source)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetSingle(out var v) || !float.IsFinite(v))
            throw new DataFormatException(source, $"expected a finite number, found {e}", field: path);
        return v;
    }

    private static string OptionalText(JsonElement frame, string name, string path, string source)
    {
        if (!frame.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return "";
        if (e.ValueKind != JsonValueKind.String) throw new DataFormatException(source, $"expected a string, found {e.ValueKind}", field: $"{path}.{name}");
        return e.GetString()!;
    }
}
