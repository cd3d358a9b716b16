using System.Text.Json;
using PoseML.Core;
using PoseML.Data;
using PoseML.Vision.Images.Cropping;
using PoseML.Vision.Images.Decoding;
using PoseML.Vision.Images.Files;

namespace PoseML.Vision.Images.Mpii;

/// <summary>MPII Human Pose annotations in the JSON form of the common pose toolkits (<c>mpii_train.json</c>,
/// <c>mpii_val.json</c>, <c>mpii_trainval.json</c> of HRNet and mmpose), with the MPII image folder
/// (<c>mlContext.Data.LoadMpiiImages</c>). Accepted form: a JSON array of people,
/// <code>[{"image": "015601864.jpg", "center": [594.0, 257.0], "scale": 3.02,
///   "joints": [[x, y] × 16], "joints_vis": [0 or 1 × 16]}, …]</code>
/// with MPII's 16 joints in the dataset order (<see cref="Skeletons.Mpii16"/>), in MPII's 1-based MATLAB pixel
/// coordinates, and <c>scale</c> = person height / 200 px. As those toolkits do, coordinates become 0-based
/// (minus 1), the centre moves down by 15·scale pixels and the square crop has side 1.25·200·scale. Joints map to
/// Human3.6M-17 with <see cref="JointMappings.Mpii16ToHuman36M17"/>; joints with <c>joints_vis</c> 0 are NaN with
/// Visibility 0. Subject = the JSON file name, Action = the image file name, Camera −1, Frame = the person's index in
/// the file.</summary>
public static class MpiiImages
{
    /// <summary>The lazy view of the people in <paramref name="annotations"/> with images in <paramref name="imageFolder"/>.</summary>
    /// <exception cref="DataFormatException">Missing file, malformed JSON or entries (names the file and the JSON path).</exception>
    public static ImageListDataView Load(string annotations, string imageFolder, int size, ImageDecodeOptions? decode = null)
    {
        if (!File.Exists(annotations)) throw new DataFormatException(annotations, "file not found");
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(annotations);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new DataFormatException(annotations, $"invalid JSON: {e.Message}", e.LineNumber + 1, e.Path, e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
                throw new DataFormatException(annotations, "expected an array of {\"image\", \"center\", \"scale\", \"joints\", \"joints_vis\"} objects", field: "$");
            var subject = Path.GetFileNameWithoutExtension(annotations);
            var mapping = JointMappings.Mpii16ToHuman36M17;
            const int M = 16, J = ImageColumns.JointCount;
            var entries = new List<ImageEntry>();
            var index = 0;
            foreach (var person in root.EnumerateArray())
            {
                var at = $"[{index}]";
                if (person.ValueKind != JsonValueKind.Object) throw new DataFormatException(annotations, "expected an object", field: at);
                var image = person.TryGetProperty("image", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : throw new DataFormatException(annotations, "expected the image file name (a string)", field: $"{at}.image");
                var centre = Numbers(annotations, person, "center", at, 2);
                var scale = Numbers(annotations, person, "scale", at, 1)[0];
                if (!(scale > 0)) throw new DataFormatException(annotations, $"expected a positive number, found {scale}", field: $"{at}.scale");
                var joints = Numbers(annotations, person, "joints", at, M * 2);
                var visible = Numbers(annotations, person, "joints_vis", at, M);
                var source = new float[M * 2];
                var sourceVisibility = new float[M];
                for (var j = 0; j < M; j++)
                {
                    var labelled = visible[j] > 0;
                    sourceVisibility[j] = labelled ? 1 : 0;
                    source[2 * j] = labelled ? (float)(joints[2 * j] - 1) : float.NaN;
                    source[2 * j + 1] = labelled ? (float)(joints[2 * j + 1] - 1) : float.NaN;
                }
                var keypoints = new float[J * 2];
                var visibility = new float[J];
                mapping.Map(source, keypoints, 2);
                mapping.MapConfidence(sourceVisibility, visibility);
                var cx = centre[0] - 1;
                var cy = centre[1] - 1 + 15 * scale;
                var crop = CropToImage.Square(cx, cy, 1.25 * 200 * scale, size);
                entries.Add(new ImageEntry(Path.Combine(imageFolder, image), crop, keypoints, visibility, null, subject, image, -1, index));
                index++;
            }
            return new ImageListDataView(entries, size, decode);
        }
    }

    // The numbers of a field: a number, an array of numbers, or an array of [x, y] pairs, flattened; exactly `count`.
    private static double[] Numbers(string path, JsonElement owner, string name, string at, int count)
    {
        var field = $"{at}.{name}";
        if (!owner.TryGetProperty(name, out var element)) throw new DataFormatException(path, $"missing; expected {count} number(s)", field: field);
        var values = new List<double>();
        void Add(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var x in e.EnumerateArray()) Add(x);
            }
            else if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var v) && double.IsFinite(v)) values.Add(v);
            else throw new DataFormatException(path, $"expected finite numbers, found {e.ValueKind}", field: field);
        }
        Add(element);
        if (values.Count != count) throw new DataFormatException(path, $"expected {count} number(s), found {values.Count}", field: field);
        return [.. values];
    }
}
