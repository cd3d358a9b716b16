using PoseML.Data;
using PoseML.Reports.Charts;
using PoseML.Reports.SkeletonViews;

namespace PoseML.Reports.ImageViews;

/// <summary>2D pictures over an image: keypoints with their skeleton (a prediction over its ground truth) and joint
/// heatmaps. Images are PoseML's image column, RGB channel-first floats <c>[3,S,S]</c> in [0,1]; keypoints are
/// <c>J·2</c> floats in the image's pixel coordinates (pixel centres at integers, x right, y down), the convention of
/// <c>ImageColumns</c> and <c>HeatmapImageMapping</c>. Drawn as a plotly.js <c>image</c> trace (pixel (c, r) centred at
/// x = c, y = r, y pointing down) with <c>scatter</c> and <c>heatmap</c> traces in the same pixel coordinates.</summary>
public static class ImageView
{
    /// <summary>The image with <paramref name="predicted"/> keypoints (and, when given, the ground truth beneath them)
    /// drawn as skeletons; NaN joints and the bones touching them are left out. <paramref name="style"/> (default: the
    /// prediction style) draws <paramref name="predicted"/>, e.g. <c>SkeletonStyle.Prediction with { Name = "label" }</c>
    /// to show a data set's labels alone.</summary>
    public static PlotlyFigure Keypoints(ReadOnlySpan<float> image, ReadOnlySpan<float> predicted, Skeleton skeleton,
        ReadOnlySpan<float> truth = default, string title = "", SkeletonStyle? style = null)
    {
        ArgumentNullException.ThrowIfNull(skeleton);
        var size = ImageSize(image);
        CheckKeypoints(predicted, skeleton, nameof(predicted));
        if (!truth.IsEmpty) CheckKeypoints(truth, skeleton, nameof(truth));
        var traces = new List<Dictionary<string, object?>> { ImageTrace(image, size) };
        if (!truth.IsEmpty) traces.AddRange(SkeletonTraces(truth, skeleton, SkeletonStyle.GroundTruth, errorsAgainst: default));
        traces.AddRange(SkeletonTraces(predicted, skeleton, style ?? SkeletonStyle.Prediction, errorsAgainst: truth));
        return Chart(traces, size, title);
    }

    /// <summary>The image with joint heatmaps (<c>[J,H,W]</c>, each heatmap pixel covering S/W × S/H image pixels) laid
    /// over it as a semi-transparent heatmap: joint <paramref name="joint"/>'s map, or (null, default) the largest value
    /// over all joints at each pixel. Optional keypoints are drawn on top.</summary>
    public static PlotlyFigure Heatmaps(ReadOnlySpan<float> image, ReadOnlySpan<float> heatmaps, int joints, int? joint = null,
        Skeleton? skeleton = null, ReadOnlySpan<float> keypoints = default, string title = "", double opacity = 0.55)
    {
        var size = ImageSize(image);
        if (joints < 1 || heatmaps.Length % joints != 0)
            throw new ArgumentException($"expected {joints} square heatmaps, got {heatmaps.Length} floats", nameof(heatmaps));
        var side = (int)Math.Round(Math.Sqrt(heatmaps.Length / joints));
        if (side < 1 || side * side * joints != heatmaps.Length)
            throw new ArgumentException($"expected {joints} square heatmaps [J,H,H], got {heatmaps.Length} floats", nameof(heatmaps));
        if (joint is { } chosen && (chosen < 0 || chosen >= joints))
            throw new ArgumentOutOfRangeException(nameof(joint), $"joint {chosen} is not in 0..{joints - 1}");
        if (!(opacity is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(opacity), $"must be in (0, 1], got {opacity}");

        var z = new double[side][];
        for (var r = 0; r < side; r++)
        {
            z[r] = new double[side];
            for (var c = 0; c < side; c++)
            {
                var value = double.NegativeInfinity;
                for (var j = joint ?? 0; j < (joint is null ? joints : joint.Value + 1); j++)
                    value = Math.Max(value, heatmaps[(j * side + r) * side + c]);
                z[r][c] = Math.Round(value, 4);
            }
        }
        // Heatmap pixel u covers image pixels [u·k − 0.5, (u + 1)·k − 0.5] with k = S / H: its centre is (u + 0.5)·k − 0.5.
        var scale = (double)size / side;
        var traces = new List<Dictionary<string, object?>>
        {
            ImageTrace(image, size),
            new()
            {
                ["type"] = "heatmap",
                ["name"] = joint is null ? "max over joints" : skeleton is not null ? skeleton.JointNames[joint.Value] : $"joint {joint}",
                ["z"] = z,
                ["x0"] = 0.5 * scale - 0.5,
                ["dx"] = scale,
                ["y0"] = 0.5 * scale - 0.5,
                ["dy"] = scale,
                ["opacity"] = opacity,
                // Transparent at zero, so the image shows through where no joint is expected.
                ["colorscale"] = new object[]
                {
                    new object[] { 0.0, "rgba(255,255,0,0)" }, new object[] { 0.3, "rgba(255,160,0,0.6)" }, new object[] { 1.0, "rgba(220,0,0,1)" },
                },
                ["zmin"] = 0.0,
                ["zmax"] = Math.Max(1e-6, z.Max(row => row.Max())),
                ["colorbar"] = new Dictionary<string, object?> { ["thickness"] = 10, ["len"] = 0.8 },
                ["hovertemplate"] = "x %{x:.1f}, y %{y:.1f}: %{z:.3f}<extra></extra>",
            },
        };
        if (!keypoints.IsEmpty)
        {
            if (skeleton is null) throw new ArgumentException("drawing keypoints needs their skeleton", nameof(skeleton));
            CheckKeypoints(keypoints, skeleton, nameof(keypoints));
            traces.AddRange(SkeletonTraces(keypoints, skeleton, SkeletonStyle.Prediction with { Width = 2 }, errorsAgainst: default));
        }
        return Chart(traces, size, title);
    }

    /// <summary>Keypoints in original image pixels (<c>J·2</c>) taken to the S×S crop's pixels by the inverse of a
    /// <c>CropToImage</c> mapping (ScaleX, ScaleY, OffsetX, OffsetY): x_crop = (x − OffsetX + 0.5) / ScaleX − 0.5.</summary>
    public static float[] ToCropPixels(ReadOnlySpan<float> keypoints, ReadOnlySpan<float> cropToImage)
    {
        if (cropToImage.Length != 4) throw new ArgumentException($"expected CropToImage float[4] (ScaleX, ScaleY, OffsetX, OffsetY), got {cropToImage.Length} floats", nameof(cropToImage));
        if (keypoints.Length % 2 != 0) throw new ArgumentException($"expected J·2 keypoints, got {keypoints.Length} floats", nameof(keypoints));
        if (!(cropToImage[0] > 0) || !(cropToImage[1] > 0)) throw new ArgumentException($"CropToImage scales must be > 0, got {cropToImage[0]}, {cropToImage[1]}", nameof(cropToImage));
        var result = new float[keypoints.Length];
        for (var i = 0; i < keypoints.Length; i += 2)
        {
            result[i] = (keypoints[i] - cropToImage[2] + 0.5f) / cropToImage[0] - 0.5f;
            result[i + 1] = (keypoints[i + 1] - cropToImage[3] + 0.5f) / cropToImage[1] - 0.5f;
        }
        return result;
    }

    private static int ImageSize(ReadOnlySpan<float> image)
    {
        var size = (int)Math.Round(Math.Sqrt(image.Length / 3.0));
        if (size < 1 || 3 * size * size != image.Length)
            throw new ArgumentException($"expected an RGB image float[3,S,S] (channel-first), got {image.Length} floats", nameof(image));
        return size;
    }

    private static void CheckKeypoints(ReadOnlySpan<float> keypoints, Skeleton skeleton, string name)
    {
        if (keypoints.Length != skeleton.JointCount * 2)
            throw new ArgumentException($"expected {skeleton.JointCount} keypoints ({skeleton.JointCount * 2} floats, image pixels), got {keypoints.Length} floats", name);
    }

    /// <summary>The image as a plotly.js <c>image</c> trace: z[row][column] = [R, G, B] in 0–255.</summary>
    private static Dictionary<string, object?> ImageTrace(ReadOnlySpan<float> image, int size)
    {
        var plane = size * size;
        var rows = new int[size][][];
        for (var r = 0; r < size; r++)
        {
            rows[r] = new int[size][];
            for (var c = 0; c < size; c++)
            {
                var pixel = new int[3];
                for (var ch = 0; ch < 3; ch++)
                {
                    var v = image[ch * plane + r * size + c];
                    pixel[ch] = float.IsFinite(v) ? (int)Math.Round(Math.Clamp(v, 0f, 1f) * 255f) : 0;
                }
                rows[r][c] = pixel;
            }
        }
        return new Dictionary<string, object?> { ["type"] = "image", ["name"] = "image", ["z"] = rows, ["hoverinfo"] = "skip" };
    }

    private static List<Dictionary<string, object?>> SkeletonTraces(ReadOnlySpan<float> keypoints, Skeleton skeleton, SkeletonStyle style, ReadOnlySpan<float> errorsAgainst)
    {
        var list = new List<Dictionary<string, object?>>();
        var first = true;
        foreach (var (side, colour) in new[] { (SkeletonGeometry.Side.Centre, style.Centre), (SkeletonGeometry.Side.Left, style.Left), (SkeletonGeometry.Side.Right, style.Right) })
        {
            var (x, y) = (new List<double>(), new List<double>());
            foreach (var (child, parent) in skeleton.Bones)
            {
                if (SkeletonGeometry.SideOf(skeleton, child) != side) continue;
                x.Add(keypoints[parent * 2]); y.Add(keypoints[parent * 2 + 1]);
                x.Add(keypoints[child * 2]); y.Add(keypoints[child * 2 + 1]);
                x.Add(double.NaN); y.Add(double.NaN);
            }
            if (x.Count == 0) continue;
            list.Add(new Dictionary<string, object?>
            {
                ["type"] = "scatter",
                ["name"] = style.Name,
                ["legendgroup"] = style.Name,
                ["showlegend"] = first,
                ["mode"] = "lines",
                ["hoverinfo"] = "skip",
                ["x"] = PlotFigure.Coordinates(x),
                ["y"] = PlotFigure.Coordinates(y),
                ["line"] = new Dictionary<string, object?> { ["color"] = colour, ["width"] = style.Width / 2, ["dash"] = style.Dash },
            });
            first = false;
        }
        var text = new string[skeleton.JointCount];
        for (var j = 0; j < skeleton.JointCount; j++)
        {
            text[j] = skeleton.JointNames[j];
            if (!errorsAgainst.IsEmpty)
            {
                var e = Math.Sqrt(Math.Pow(keypoints[j * 2] - errorsAgainst[j * 2], 2) + Math.Pow(keypoints[j * 2 + 1] - errorsAgainst[j * 2 + 1], 2));
                if (double.IsFinite(e)) text[j] += $": {PlotFigure.Text(e)} px";
            }
        }
        var xs = new double[skeleton.JointCount];
        var ys = new double[skeleton.JointCount];
        for (var j = 0; j < skeleton.JointCount; j++) { xs[j] = keypoints[j * 2]; ys[j] = keypoints[j * 2 + 1]; }
        list.Add(new Dictionary<string, object?>
        {
            ["type"] = "scatter",
            ["name"] = style.Name,
            ["legendgroup"] = style.Name,
            ["showlegend"] = false,
            ["mode"] = "markers",
            ["x"] = PlotFigure.Coordinates(xs),
            ["y"] = PlotFigure.Coordinates(ys),
            ["text"] = text,
            ["hovertemplate"] = "%{text}<extra>" + style.Name + "</extra>",
            ["marker"] = new Dictionary<string, object?> { ["size"] = style.Width, ["color"] = style.Centre },
        });
        return list;
    }

    private static PlotlyFigure Chart(List<Dictionary<string, object?>> traces, int size, string title)
    {
        // Pixel edges at −0.5 and S − 0.5; y points down as in the image; square pixels.
        var layout = new Dictionary<string, object?>
        {
            ["title"] = new Dictionary<string, object?> { ["text"] = title, ["font"] = new Dictionary<string, object?> { ["size"] = 13 } },
            ["height"] = 440,
            ["width"] = 480,
            ["margin"] = new Dictionary<string, object?> { ["l"] = 40, ["r"] = 20, ["t"] = 40, ["b"] = 30 },
            ["legend"] = new Dictionary<string, object?> { ["orientation"] = "h", ["x"] = 0, ["y"] = -0.05 },
            ["xaxis"] = new Dictionary<string, object?> { ["range"] = new[] { -0.5, size - 0.5 }, ["showgrid"] = false, ["zeroline"] = false, ["constrain"] = "domain" },
            ["yaxis"] = new Dictionary<string, object?>
            {
                ["range"] = new[] { size - 0.5, -0.5 }, ["showgrid"] = false, ["zeroline"] = false, ["scaleanchor"] = "x", ["constrain"] = "domain",
            },
        };
        return PlotFigure.Chart(traces, layout);
    }
}
