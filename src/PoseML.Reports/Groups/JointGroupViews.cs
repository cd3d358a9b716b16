using PoseML.Data;
using PoseML.Reports.Charts;
using PoseML.Reports.SkeletonViews;
using PoseML.Stages.JointGrouping;

namespace PoseML.Reports.Groups;

/// <summary>Pictures of joint groups: which joints each group holds, and the partial 3D estimates of the groups of one
/// frame over its ground truth (the input of the consensus), corrupted groups in red.</summary>
public static class JointGroupViews
{
    /// <summary>Group membership as a heat map: one row per group, one column per joint, with each joint's coverage
    /// (how many groups hold it) in the column labels.</summary>
    public static PlotlyFigure Membership(JointGroups groups, Skeleton skeleton, string title = "Joint groups")
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(skeleton);
        if (groups.JointCount != skeleton.JointCount) throw new ArgumentException($"the groups cover {groups.JointCount} joints, the skeleton has {skeleton.JointCount}", nameof(skeleton));
        var z = groups.Groups.Select(g => Enumerable.Range(0, groups.JointCount).Select(j => g.Contains(j) ? 1 : 0).ToArray()).ToArray();
        var columns = Enumerable.Range(0, groups.JointCount).Select(j => $"{skeleton.JointNames[j]} ({groups.Coverage[j]})").ToArray();
        return PlotFigure.Chart([PlotFigure.Trace("heatmap", new Dictionary<string, object?>
        {
            ["z"] = z, ["x"] = columns, ["y"] = Enumerable.Range(0, groups.GroupCount).Select(g => $"group {g}").ToArray(),
            ["colorscale"] = new object[] { new object[] { 0, "#f4f5f7" }, new object[] { 1, "#1f77b4" } },
            ["showscale"] = false, ["xgap"] = 2, ["ygap"] = 2,
            ["hovertemplate"] = "%{y}: %{x}<extra></extra>",
        })], new Dictionary<string, object?>
        {
            ["title"] = new Dictionary<string, object?> { ["text"] = title },
            ["height"] = Math.Min(900, 120 + 16 * groups.GroupCount),
            ["xaxis"] = new Dictionary<string, object?> { ["tickangle"] = -45, ["title"] = new Dictionary<string, object?> { ["text"] = "joint (groups holding it)" } },
            ["yaxis"] = new Dictionary<string, object?> { ["autorange"] = "reversed", ["showticklabels"] = groups.GroupCount <= 40 },
            ["margin"] = new Dictionary<string, object?> { ["l"] = 70, ["r"] = 10, ["t"] = 40, ["b"] = 110 },
        });
    }

    /// <summary>The group estimates of one frame (<c>Σn_g·3</c> floats, each group in its own translation, as the group
    /// lifters or <c>ConsensusSynthetic</c> produce them) over the ground-truth pose (<c>J·3</c>, camera frame): each
    /// group is moved so that its centroid meets the truth's over the same joints (the translation the consensus
    /// solves for), then drawn as points joined along the bones inside the group; groups flagged in
    /// <paramref name="highlighted"/> (e.g. corrupted ones) in red.</summary>
    public static PlotlyFigure Estimates(ReadOnlySpan<float> truth, JointGroups groups, ReadOnlySpan<float> groupEstimates, IReadOnlyList<bool> highlighted, Skeleton skeleton, string title = "")
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(highlighted);
        ArgumentNullException.ThrowIfNull(skeleton);
        if (truth.Length != skeleton.JointCount * 3) throw new ArgumentException($"expected one {skeleton.JointCount}-joint pose", nameof(truth));
        if (groupEstimates.Length != groups.RowCount * 3) throw new ArgumentException($"expected {groups.RowCount}·3 floats of group estimates, got {groupEstimates.Length}", nameof(groupEstimates));
        if (highlighted.Count != groups.GroupCount) throw new ArgumentException($"expected {groups.GroupCount} flags, got {highlighted.Count}", nameof(highlighted));
        var figure = SkeletonView.Pose(truth, skeleton, title, SkeletonStyle.GroundTruth);
        var traces = figure.Data.ToList();
        var root = SkeletonGeometry.Root(skeleton);
        var bones = skeleton.Bones.ToArray();
        for (var g = 0; g < groups.GroupCount; g++)
        {
            var joints = groups.Groups[g];
            var offset = groups.RowOffset(g);
            // Centroid translation onto the truth (camera frame), then the same plot mapping as the skeleton.
            var shift = new double[3];
            for (var r = 0; r < joints.Length; r++)
                for (var k = 0; k < 3; k++)
                    shift[k] += ((double)truth[joints[r] * 3 + k] - groupEstimates[(offset + r) * 3 + k]) / joints.Length;
            var moved = truth.ToArray();
            for (var r = 0; r < joints.Length; r++)
                for (var k = 0; k < 3; k++) moved[joints[r] * 3 + k] = (float)(groupEstimates[(offset + r) * 3 + k] + shift[k]);
            var (xs, ys, zs) = (new List<double>(), new List<double>(), new List<double>());
            foreach (var (child, parent) in bones.Where(b => joints.Contains(b.Child) && joints.Contains(b.Parent)))
                foreach (var j in new[] { parent, child, -1 })
                {
                    var p = j < 0 ? (double.NaN, double.NaN, double.NaN) : SkeletonGeometry.Point(moved, j, root);
                    xs.Add(p.Item1); ys.Add(p.Item2); zs.Add(p.Item3);
                }
            foreach (var j in joints)
            {
                var p = SkeletonGeometry.Point(moved, j, root);
                xs.Add(p.X); ys.Add(p.Y); zs.Add(p.Z); xs.Add(double.NaN); ys.Add(double.NaN); zs.Add(double.NaN);
            }
            var bad = highlighted[g];
            var name = bad ? "corrupted group" : "group estimate";
            traces.Add(PlotFigure.Trace("scatter3d", new Dictionary<string, object?>
            {
                ["name"] = name, ["legendgroup"] = name, ["showlegend"] = traces.All(t => !Equals(t.GetValueOrDefault("legendgroup"), name)),
                ["mode"] = "lines+markers", ["x"] = PlotFigure.Coordinates(xs), ["y"] = PlotFigure.Coordinates(ys), ["z"] = PlotFigure.Coordinates(zs),
                ["line"] = new Dictionary<string, object?> { ["color"] = bad ? "rgba(214,39,40,0.8)" : "rgba(31,119,180,0.35)", ["width"] = 2 },
                ["marker"] = new Dictionary<string, object?> { ["size"] = 2.5, ["color"] = bad ? "#d62728" : "#1f77b4" },
                ["hovertemplate"] = $"group {g}<extra></extra>",
            }));
        }
        return new PlotlyFigure(traces, figure.Layout);
    }
}
