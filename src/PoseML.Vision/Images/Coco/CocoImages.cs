using System.Text.Json;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.View;
using PoseML.Vision.Images.Cropping;
using PoseML.Vision.Images.Decoding;
using PoseML.Vision.Images.Files;

namespace PoseML.Vision.Images.Coco;

/// <summary>COCO person keypoints with their images (<c>mlContext.Data.LoadCocoKeypointImages</c>): one row per
/// annotated person of a COCO annotations file (<c>person_keypoints_*.json</c>: <c>images</c> with <c>id</c> and
/// <c>file_name</c>, <c>annotations</c> with <c>image_id</c>, <c>keypoints</c>, <c>bbox</c>). The keypoints are read
/// by PoseML's COCO reader (<see cref="CocoKeypoints"/>: person category, crowds and unlabelled people skipped) and
/// mapped to Human3.6M-17 with <see cref="JointMappings.Coco17ToHuman36M17"/>; joints COCO does not label (v = 0), and
/// H36M joints built from them, are NaN with Visibility 0. The crop is the square around the person's <c>bbox</c>
/// ([x, y, w, h], its longer side × <see cref="Margin"/>); a person without a bbox is cropped around their labelled
/// keypoints. Keypoint coordinates are used as written (pixel centres at integer coordinates). Subject = the JSON file
/// name, Action = the image's file name, Camera −1, Frame = the image id.</summary>
public static class CocoImages
{
    /// <summary>Square crop side as a multiple of the bbox's longer side (1.25, as common top-down pose pipelines).</summary>
    public const double Margin = 1.25;

    /// <summary>The lazy view of the people in <paramref name="annotations"/> with their images in <paramref name="imageFolder"/>.</summary>
    /// <exception cref="DataFormatException">Malformed JSON (names the file and field) or a bbox that is not 4 finite numbers.</exception>
    public static ImageListDataView Load(string annotations, string imageFolder, int size, ImageDecodeOptions? decode = null)
    {
        var options = new CocoReadOptions();
        var people = CocoKeypoints.Read(annotations, options);
        var boxes = ReadBoxes(annotations, options);
        var coco = people.ReadFloats(PoseColumns.Keypoints2D);
        var confidence = people.ReadFloats(PoseColumns.Confidence);
        var actions = people.ReadTexts(PoseColumns.Action);
        var frames = people.ReadInts(PoseColumns.Frame);
        var subjects = people.ReadTexts(PoseColumns.Subject);
        if (boxes.Count != actions.Length)
            throw new DataFormatException(annotations, $"found {boxes.Count} person annotations with keypoints but {actions.Length} keypoint rows");
        var mapping = JointMappings.Coco17ToHuman36M17;
        const int C = 17;
        var entries = new List<ImageEntry>(actions.Length);
        for (var r = 0; r < actions.Length; r++)
        {
            var source = coco.AsSpan(r * C * 2, C * 2).ToArray();
            var sourceConfidence = confidence.AsSpan(r * C, C);
            for (var j = 0; j < C; j++)
            {
                if (sourceConfidence[j] > 0) continue;
                source[2 * j] = float.NaN;
                source[2 * j + 1] = float.NaN;
            }
            var (keypoints, visibility) = ImageLabels.ToHuman36M(mapping, source, sourceConfidence);
            var crop = boxes[r] is { } b
                ? CropToImage.AroundBox(b.X - 0.5, b.Y - 0.5, b.X + b.W - 0.5, b.Y + b.H - 0.5, Margin, size)
                : CropToImage.AroundKeypoints(source, sourceConfidence, Margin, size)
                  ?? throw new DataFormatException(annotations, $"person {r} has neither a bbox nor a labelled keypoint");
            entries.Add(new ImageEntry(Path.Combine(imageFolder, actions[r]), crop, keypoints, visibility, null, subjects[r], actions[r], -1, frames[r]));
        }
        return new ImageListDataView(entries, size, decode);
    }

    private readonly record struct Box(double X, double Y, double W, double H);

    // The bbox of every annotation the COCO reader keeps, in its order (same filters: category, crowd, unlabelled).
    private static List<Box?> ReadBoxes(string path, CocoReadOptions options)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("annotations", out var annotations))
            throw new DataFormatException(path, "expected a COCO annotations file (an object with \"images\" and \"annotations\"); detector results carry no image boxes", field: "$");
        var boxes = new List<Box?>();
        var index = 0;
        foreach (var a in annotations.EnumerateArray())
        {
            var at = $"annotations[{index++}]";
            if (a.TryGetProperty("category_id", out var category) && category.GetInt64() != options.CategoryId) continue;
            if (options.SkipCrowd && a.TryGetProperty("iscrowd", out var crowd) && crowd.GetInt64() != 0) continue;
            if (options.SkipUnlabelled && a.TryGetProperty("keypoints", out var k) && k.ValueKind == JsonValueKind.Array
                && !k.EnumerateArray().Where((_, i) => i % 3 == 2).Any(v => v.GetDouble() != 0)) continue;
            if (!a.TryGetProperty("bbox", out var bbox))
            {
                boxes.Add(null);
                continue;
            }
            var v = bbox.ValueKind == JsonValueKind.Array ? bbox.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN).ToArray() : [];
            if (v.Length != 4 || !v.All(double.IsFinite) || !(v[2] > 0) || !(v[3] > 0))
                throw new DataFormatException(path, "expected [x, y, width, height] with finite numbers and positive size", field: $"{at}.bbox");
            boxes.Add(new Box(v[0], v[1], v[2], v[3]));
        }
        return boxes;
    }
}
