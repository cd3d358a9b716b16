using PoseML.Data;

namespace PoseML.Reports.SkeletonViews;

/// <summary>Poses (mm) turned into plot coordinates: root-relative, with the plot's vertical axis pointing up (for
/// camera-frame poses, x right, y down, z forward: plot x = x, plot y = z (depth), plot z = −y), and bones as polylines
/// broken by gaps.</summary>
internal static class SkeletonGeometry
{
    /// <summary>Which side a bone is drawn in: the child joint's side in the skeleton's mirror table.</summary>
    public enum Side { Centre, Left, Right }

    /// <summary>The plot coordinates of joint <paramref name="j"/> of a pose relative to its root joint.</summary>
    public static (double X, double Y, double Z) Point(ReadOnlySpan<float> pose, int j, int root, UpAxis up = UpAxis.NegativeY)
    {
        double x = pose[j * 3] - pose[root * 3], y = pose[j * 3 + 1] - pose[root * 3 + 1], z = pose[j * 3 + 2] - pose[root * 3 + 2];
        return up switch
        {
            UpAxis.NegativeY => (x, z, -y),
            UpAxis.PositiveY => (x, -z, y),
            _ => (x, y, z),
        };
    }

    /// <summary>The root joint: the skeleton's joint without parent (0 when several or none).</summary>
    public static int Root(Skeleton skeleton)
    {
        var roots = Enumerable.Range(0, skeleton.JointCount).Where(j => skeleton.Parents[j] < 0).ToArray();
        return roots.Length == 1 ? roots[0] : 0;
    }

    /// <summary>The side of a joint.</summary>
    public static Side SideOf(Skeleton skeleton, int joint) =>
        skeleton.Left.Contains(joint) ? Side.Left : skeleton.Right.Contains(joint) ? Side.Right : Side.Centre;

    /// <summary>The bones of one side as x, y, z polylines (parent, child, gap per bone; gaps are NaN).</summary>
    public static (List<double> X, List<double> Y, List<double> Z) Bones(ReadOnlySpan<float> pose, Skeleton skeleton, Side? side, UpAxis up = UpAxis.NegativeY)
    {
        var root = Root(skeleton);
        var (xs, ys, zs) = (new List<double>(), new List<double>(), new List<double>());
        foreach (var (child, parent) in skeleton.Bones)
        {
            if (side is { } s && SideOf(skeleton, child) != s) continue;
            foreach (var j in new[] { parent, child })
            {
                var (x, y, z) = Point(pose, j, root, up);
                xs.Add(x); ys.Add(y); zs.Add(z);
            }
            xs.Add(double.NaN); ys.Add(double.NaN); zs.Add(double.NaN);
        }
        return (xs, ys, zs);
    }

    /// <summary>The largest distance of any finite joint of the poses from their roots along any plot axis (mm), at least 100.</summary>
    public static double Extent(ReadOnlySpan<float> poses, Skeleton skeleton, UpAxis up = UpAxis.NegativeY)
    {
        var n = skeleton.JointCount * 3;
        var root = Root(skeleton);
        var extent = 100.0;
        for (var f = 0; f + n <= poses.Length; f += n)
        {
            var pose = poses.Slice(f, n);
            for (var j = 0; j < skeleton.JointCount; j++)
            {
                var (x, y, z) = Point(pose, j, root, up);
                foreach (var v in new[] { x, y, z })
                    if (double.IsFinite(v)) extent = Math.Max(extent, Math.Abs(v));
            }
        }
        return extent;
    }
}
