using PoseML.Data;
using PoseML.Reports.Charts;

namespace PoseML.Reports.SkeletonViews;

/// <summary>Rotatable 3D views of poses (mm; camera frame unless an <see cref="UpAxis"/> says otherwise; drawn
/// root-relative with the vertical axis up): one pose,
/// a prediction beside its ground truth, and a sequence animated with a frame slider.</summary>
public static class SkeletonView
{
    /// <summary>One pose (<c>J·3</c> floats, camera frame, mm) drawn with <paramref name="style"/> (default: the prediction style).</summary>
    public static PlotlyFigure Pose(ReadOnlySpan<float> pose, Skeleton skeleton, string title = "", SkeletonStyle? style = null, UpAxis up = UpAxis.NegativeY)
    {
        CheckPose(pose, skeleton, nameof(pose));
        return Chart(Traces(pose, skeleton, style ?? SkeletonStyle.Prediction, showLegend: true, up), SkeletonGeometry.Extent(pose, skeleton, up), title, slider: null);
    }

    /// <summary>A predicted pose over its ground truth, both root-aligned (Protocol 1's view); hovering a predicted
    /// joint shows its name and error.</summary>
    public static PlotlyFigure Compare(ReadOnlySpan<float> predicted, ReadOnlySpan<float> truth, Skeleton skeleton, string title = "", UpAxis up = UpAxis.NegativeY)
    {
        CheckPose(predicted, skeleton, nameof(predicted));
        CheckPose(truth, skeleton, nameof(truth));
        var traces = Traces(truth, skeleton, SkeletonStyle.GroundTruth, showLegend: true, up);
        traces.AddRange(Traces(predicted, skeleton, SkeletonStyle.Prediction, showLegend: true, up, errorsAgainst: truth));
        var both = new float[predicted.Length * 2];
        predicted.CopyTo(both);
        truth.CopyTo(both.AsSpan(predicted.Length));
        return Chart(traces, SkeletonGeometry.Extent(both, skeleton, up), title, slider: null);
    }

    /// <summary>A sequence of poses (<c>frames·J·3</c> floats) with a slider over its frames, optionally over the
    /// ground-truth sequence of the same length; <paramref name="labels"/> names the slider's steps (default: 0, 1, …).</summary>
    public static PlotlyFigure Sequence(ReadOnlySpan<float> poses, Skeleton skeleton, ReadOnlySpan<float> truth = default, IReadOnlyList<string>? labels = null, string title = "", UpAxis up = UpAxis.NegativeY)
    {
        ArgumentNullException.ThrowIfNull(skeleton);
        var n = skeleton.JointCount * 3;
        if (poses.Length == 0 || poses.Length % n != 0)
            throw new ArgumentException($"expected a whole number of {skeleton.JointCount}-joint poses ({n} floats each), got {poses.Length} floats", nameof(poses));
        if (!truth.IsEmpty && truth.Length != poses.Length)
            throw new ArgumentException($"the ground truth has {truth.Length} floats, the prediction {poses.Length}", nameof(truth));
        var frames = poses.Length / n;
        if (labels is not null && labels.Count != frames) throw new ArgumentException($"expected {frames} labels, got {labels.Count}", nameof(labels));

        var predictedArray = poses.ToArray();
        var truthArray = truth.IsEmpty ? null : truth.ToArray();
        List<Dictionary<string, object?>> FrameTraces(int f)
        {
            var list = new List<Dictionary<string, object?>>();
            if (truthArray is not null) list.AddRange(Traces(truthArray.AsSpan(f * n, n), skeleton, SkeletonStyle.GroundTruth, showLegend: true, up));
            list.AddRange(Traces(predictedArray.AsSpan(f * n, n), skeleton, SkeletonStyle.Prediction, showLegend: true, up,
                errorsAgainst: truthArray is null ? default : truthArray.AsSpan(f * n, n)));
            return list;
        }

        // Each slider step restyles the traces' coordinates in place (plotly.js 'restyle'), so the camera the user
        // rotated to stays where it is while the frames change.
        var steps = new List<object>();
        for (var f = 0; f < frames; f++)
        {
            var traces = FrameTraces(f);
            var update = new Dictionary<string, object?>
            {
                ["x"] = traces.Select(t => t["x"]).ToArray(),
                ["y"] = traces.Select(t => t["y"]).ToArray(),
                ["z"] = traces.Select(t => t["z"]).ToArray(),
            };
            steps.Add(new Dictionary<string, object?>
            {
                ["method"] = "restyle",
                ["label"] = labels?[f] ?? f.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["args"] = new object[] { update, Enumerable.Range(0, traces.Count).ToArray() },
            });
        }
        var slider = new Dictionary<string, object?>
        {
            ["active"] = 0,
            ["steps"] = steps,
            ["currentvalue"] = new Dictionary<string, object?> { ["prefix"] = "frame ", ["visible"] = true },
            ["pad"] = new Dictionary<string, object?> { ["t"] = 10 },
            ["font"] = new Dictionary<string, object?> { ["size"] = 10 },
        };
        var all = truth.IsEmpty ? poses : Concat(poses, truth);
        return Chart(FrameTraces(0), SkeletonGeometry.Extent(all, skeleton, up), title, slider);
    }

    private static float[] Concat(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var both = new float[a.Length + b.Length];
        a.CopyTo(both);
        b.CopyTo(both.AsSpan(a.Length));
        return both;
    }

    private static List<Dictionary<string, object?>> Traces(ReadOnlySpan<float> pose, Skeleton skeleton, SkeletonStyle style, bool showLegend, UpAxis up, ReadOnlySpan<float> errorsAgainst = default)
    {
        var list = new List<Dictionary<string, object?>>();
        var sides = new[] { (SkeletonGeometry.Side.Centre, style.Centre), (SkeletonGeometry.Side.Left, style.Left), (SkeletonGeometry.Side.Right, style.Right) };
        var first = true;
        foreach (var (side, colour) in sides)
        {
            var (x, y, z) = SkeletonGeometry.Bones(pose, skeleton, side, up);
            if (x.Count == 0) continue;
            list.Add(new Dictionary<string, object?>
            {
                ["name"] = style.Name,
                ["legendgroup"] = style.Name,
                ["showlegend"] = showLegend && first,
                ["mode"] = "lines",
                ["hoverinfo"] = "skip",
                ["x"] = PlotFigure.Coordinates(x),
                ["y"] = PlotFigure.Coordinates(y),
                ["z"] = PlotFigure.Coordinates(z),
                ["line"] = new Dictionary<string, object?> { ["color"] = colour, ["width"] = style.Width, ["dash"] = style.Dash },
                ["type"] = "scatter3d",
            });
            first = false;
        }
        // The joints as markers, named (and with their error against the truth) on hover.
        var root = SkeletonGeometry.Root(skeleton);
        var points = new (double X, double Y, double Z)[skeleton.JointCount];
        for (var j = 0; j < points.Length; j++) points[j] = SkeletonGeometry.Point(pose, j, root, up);
        var text = new string[skeleton.JointCount];
        for (var j = 0; j < skeleton.JointCount; j++)
        {
            text[j] = skeleton.JointNames[j];
            if (!errorsAgainst.IsEmpty)
            {
                var t = SkeletonGeometry.Point(errorsAgainst, j, root, up);
                var e = Math.Sqrt(Math.Pow(points[j].X - t.X, 2) + Math.Pow(points[j].Y - t.Y, 2) + Math.Pow(points[j].Z - t.Z, 2));
                text[j] += $": {PlotFigure.Text(e)} mm";
            }
        }
        list.Add(new Dictionary<string, object?>
        {
            ["name"] = style.Name,
            ["legendgroup"] = style.Name,
            ["showlegend"] = false,
            ["mode"] = "markers",
            ["x"] = PlotFigure.Coordinates(points.Select(p => p.X)),
            ["y"] = PlotFigure.Coordinates(points.Select(p => p.Y)),
            ["z"] = PlotFigure.Coordinates(points.Select(p => p.Z)),
            ["text"] = text,
            ["hovertemplate"] = "%{text}<extra>" + style.Name + "</extra>",
            ["marker"] = new Dictionary<string, object?> { ["size"] = style.Width * 0.6, ["color"] = style.Centre },
            ["type"] = "scatter3d",
        });
        return list;
    }

    private static PlotlyFigure Chart(List<Dictionary<string, object?>> traces, double extent, string title, object? slider)
    {
        var range = new[] { -extent * 1.05, extent * 1.05 };
        Dictionary<string, object?> Axis(string name) => new()
        {
            ["title"] = new Dictionary<string, object?> { ["text"] = name },
            ["range"] = range,
            ["zeroline"] = false,
            ["showspikes"] = false,
            ["backgroundcolor"] = "#f7f7f9",
            ["showbackground"] = true,
            ["gridcolor"] = "#dddddd",
        };
        var layout = new Dictionary<string, object?>
        {
            ["title"] = new Dictionary<string, object?> { ["text"] = title, ["font"] = new Dictionary<string, object?> { ["size"] = 13 } },
            ["height"] = slider is null ? 420 : 500,
            ["margin"] = new Dictionary<string, object?> { ["l"] = 0, ["r"] = 0, ["t"] = 40, ["b"] = 0 },
            ["legend"] = new Dictionary<string, object?> { ["orientation"] = "h", ["x"] = 0, ["y"] = 1.0 },
            ["scene"] = new Dictionary<string, object?>
            {
                ["aspectmode"] = "cube",
                ["xaxis"] = Axis("x (mm)"),
                ["yaxis"] = Axis("depth (mm)"),
                ["zaxis"] = Axis("up (mm)"),
                // Seen from slightly above, in front of the person (the camera looks along +depth).
                ["camera"] = new Dictionary<string, object?>
                {
                    ["eye"] = new Dictionary<string, object?> { ["x"] = 0.9, ["y"] = -2.0, ["z"] = 0.7 },
                    ["up"] = new Dictionary<string, object?> { ["x"] = 0, ["y"] = 0, ["z"] = 1 },
                },
            },
            ["sliders"] = slider is null ? null : new[] { slider },
        };
        return PlotFigure.Chart(traces, layout);
    }

    private static void CheckPose(ReadOnlySpan<float> pose, Skeleton skeleton, string name)
    {
        ArgumentNullException.ThrowIfNull(skeleton);
        if (pose.Length != skeleton.JointCount * 3)
            throw new ArgumentException($"expected one {skeleton.JointCount}-joint pose ({skeleton.JointCount * 3} floats, camera frame mm), got {pose.Length} floats", name);
    }
}
