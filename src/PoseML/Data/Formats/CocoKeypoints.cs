using System.Globalization;
using System.Text.Json;
using PoseML.Core;

namespace PoseML.Data.Formats;

/// <summary>Imports COCO-style person keypoints (COCO-17 layout) from JSON, in either form:
/// <list type="bullet">
/// <item>a <b>results</b> file: an array of <c>{"image_id", "category_id", "keypoints": [x, y, s, …], "score"}</c>;
/// the third value of each keypoint is the detector's score, clamped to [0, 1], as Confidence.</item>
/// <item>an <b>annotations</b> file: <c>{"images": [{"id", "file_name"}…], "annotations": [{"image_id",
/// "category_id", "keypoints": [x, y, v, …], "iscrowd"}…]}</c>; the visibility flag v becomes Confidence 0 when
/// v = 0 (not labelled) and 1 when v is 1 (labelled, occluded) or 2 (labelled, visible).</item>
/// </list>
/// Each entry is one row: Subject = <see cref="CocoReadOptions.Subject"/> (default: the JSON file name without
/// extension), Action = the image's <c>file_name</c> when the file lists images, else the image id as text,
/// Camera = -1, Frame = the image id, Keypoints2D float[17,2] in pixels as written (missing joints keep COCO's
/// 0,0), Confidence float[17]. Rows keep the file's order; several people in one image give several rows with
/// the same keys. Use <see cref="JointMappings.Coco17ToHuman36M17"/> to reach the H36M-17 skeleton.</summary>
public static class CocoKeypoints
{
    private const int Joints = 17;

    /// <summary>Reads a COCO keypoint JSON file (results or annotations form).</summary>
    /// <exception cref="DataFormatException">Malformed JSON or entries; names the file, the JSON path
    /// (e.g. <c>annotations[3].keypoints</c>) and what was expected.</exception>
    public static PoseSequenceDataView Read(string path, CocoReadOptions? options = null)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "file not found");
        options ??= new();
        using var stream = File.OpenRead(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, $"invalid JSON: {e.Message}", e.LineNumber + 1, e.Path, e);
        }
        using (document)
        {
            var subject = options.Subject ?? Path.GetFileNameWithoutExtension(path);
            var rows = new List<Row>();
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                ReadEntries(path, root, "", isResults: true, imageNames: null, options, rows);
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("annotations", out var annotations))
            {
                if (annotations.ValueKind != JsonValueKind.Array)
                    throw new DataFormatException(path, $"expected an array, found {Kind(annotations)}", field: "annotations");
                var names = root.TryGetProperty("images", out var images) ? ImageNames(path, images) : null;
                ReadEntries(path, annotations, "annotations", isResults: false, names, options, rows);
            }
            else throw new DataFormatException(path, $"expected a results array [{{\"image_id\", \"keypoints\", …}}] or an object with \"annotations\", found {Kind(root)}", field: "$");
            return new PoseSequenceDataView(Skeletons.Coco17, 2, Group(subject, rows));
        }
    }

    private sealed record Row(string Action, int Frame, float[] Keypoints, float[] Confidence);

    private static void ReadEntries(string path, JsonElement array, string prefix, bool isResults, Dictionary<long, string>? imageNames, CocoReadOptions options, List<Row> rows)
    {
        var index = 0;
        foreach (var entry in array.EnumerateArray())
        {
            var at = $"{prefix}[{index++}]";
            if (entry.ValueKind != JsonValueKind.Object)
                throw new DataFormatException(path, $"expected an object, found {Kind(entry)}", field: at);
            if (entry.TryGetProperty("category_id", out var category) && Integer(path, category, $"{at}.category_id") != options.CategoryId) continue;
            if (!isResults && options.SkipCrowd && entry.TryGetProperty("iscrowd", out var crowd) && Integer(path, crowd, $"{at}.iscrowd") != 0) continue;
            if (!entry.TryGetProperty("image_id", out var imageIdElement))
                throw new DataFormatException(path, "missing; expected the integer id of the image", field: $"{at}.image_id");
            var imageId = Integer(path, imageIdElement, $"{at}.image_id");
            if (imageId is < int.MinValue or > int.MaxValue)
                throw new DataFormatException(path, $"image id {imageId} does not fit the Frame column (int32)", field: $"{at}.image_id");
            if (!entry.TryGetProperty("keypoints", out var keypoints) || keypoints.ValueKind != JsonValueKind.Array || keypoints.GetArrayLength() != Joints * 3)
            {
                var found = !entry.TryGetProperty("keypoints", out var k) ? "no keypoints" : k.ValueKind == JsonValueKind.Array ? $"{k.GetArrayLength()} numbers" : Kind(k);
                throw new DataFormatException(path, $"expected {Joints * 3} numbers (17 COCO keypoints × x, y, {(isResults ? "score" : "v")}), found {found}", field: $"{at}.keypoints");
            }
            var xy = new float[Joints * 2];
            var confidence = new float[Joints];
            var labelled = false;
            var i = 0;
            foreach (var value in keypoints.EnumerateArray())
            {
                var field = $"{at}.keypoints[{i}]";
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var v) || !double.IsFinite(v))
                    throw new DataFormatException(path, $"expected a finite number, found {Kind(value)}", field: field);
                var joint = i / 3;
                switch (i % 3)
                {
                    case 0: xy[joint * 2] = (float)v; break;
                    case 1: xy[joint * 2 + 1] = (float)v; break;
                    default:
                        if (isResults) confidence[joint] = (float)Math.Clamp(v, 0, 1);
                        else
                        {
                            if (v is not (0 or 1 or 2))
                                throw new DataFormatException(path, $"visibility flag must be 0, 1 or 2, found {v.ToString(CultureInfo.InvariantCulture)}", field: field);
                            confidence[joint] = v == 0 ? 0f : 1f;
                            labelled |= v != 0;
                        }
                        break;
                }
                i++;
            }
            if (!isResults && !labelled && options.SkipUnlabelled) continue;
            var action = imageNames is not null && imageNames.TryGetValue(imageId, out var name) ? name : imageId.ToString(CultureInfo.InvariantCulture);
            rows.Add(new Row(action, (int)imageId, xy, confidence));
        }
    }

    private static Dictionary<long, string> ImageNames(string path, JsonElement images)
    {
        if (images.ValueKind != JsonValueKind.Array)
            throw new DataFormatException(path, $"expected an array, found {Kind(images)}", field: "images");
        var names = new Dictionary<long, string>();
        var index = 0;
        foreach (var image in images.EnumerateArray())
        {
            var at = $"images[{index++}]";
            if (image.ValueKind != JsonValueKind.Object || !image.TryGetProperty("id", out var id))
                throw new DataFormatException(path, "expected an object with an \"id\"", field: at);
            var key = Integer(path, id, $"{at}.id");
            if (image.TryGetProperty("file_name", out var file) && file.ValueKind == JsonValueKind.String) names[key] = file.GetString()!;
        }
        return names;
    }

    private static long Integer(string path, JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var v)
            ? v
            : throw new DataFormatException(path, $"expected an integer, found {Kind(element)}", field: field);

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => $"an array of {e.GetArrayLength()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => $"the string \"{e.GetString()}\"",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        _ => "null",
    };

    private static List<PoseSequence> Group(string subject, List<Row> rows)
    {
        var sequences = new List<PoseSequence>();
        for (var start = 0; start < rows.Count;)
        {
            var end = start + 1;
            while (end < rows.Count && rows[end].Action == rows[start].Action) end++;
            var run = rows.GetRange(start, end - start);
            sequences.Add(new BufferPoseSequence(
                new PoseSequenceInfo(subject, rows[start].Action, PoseColumns.NoCamera, run.Count),
                run.Select(r => r.Frame).ToArray(),
                run.SelectMany(r => r.Keypoints).ToArray(),
                run.SelectMany(r => r.Confidence).ToArray()));
            start = end;
        }
        return sequences;
    }
}
