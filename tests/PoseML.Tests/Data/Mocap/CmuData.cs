using PoseML.Data;
using PoseML.Data.Catalog;
using PoseML.Data.Formats;
using PoseML.Data.Mocap;
using PoseML.Data.View;

namespace PoseML.Tests.Data.Mocap;

/// <summary>Paths into the shipped <c>datasets/cmu</c> folder and pose comparison helpers.</summary>
internal static class CmuData
{
    public static string Folder => CmuSample.Folder;

    public static string Raw(string file) => Path.Combine(Folder, "raw", file);

    public static string Pose(string take) => Path.Combine(Folder, "poses", take + ".csv");

    public static string BvhReference(string take) => Path.Combine(Folder, "reference", take + "_bvh_30fps.csv");

    public static (string[] Subjects, string[] Actions, int[] Frames, float[] Poses) ReadTable(string path)
    {
        var view = PoseCsv.Read(path).Cache();
        return (view.ReadTexts(PoseColumns.Subject), view.ReadTexts(PoseColumns.Action), view.ReadInts(PoseColumns.Frame), view.ReadFloats(PoseColumns.Pose3D));
    }

    /// <summary>Max and mean Euclidean distance (mm) per joint between two [frames·J·3] arrays.</summary>
    public static (double Max, double Mean, int WorstFrame, int WorstJoint) Deviation(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, int joints)
    {
        double max = 0, sum = 0;
        int worstFrame = -1, worstJoint = -1;
        var n = actual.Length / 3;
        for (var i = 0; i < n; i++)
        {
            double dx = actual[i * 3] - expected[i * 3], dy = actual[i * 3 + 1] - expected[i * 3 + 1], dz = actual[i * 3 + 2] - expected[i * 3 + 2];
            var d = Math.Sqrt(dx * dx + dy * dy + dz * dz);
            sum += d;
            if (d > max) { max = d; worstFrame = i / joints; worstJoint = i % joints; }
        }
        return (max, sum / n, worstFrame, worstJoint);
    }

    public static void AssertMatches(MotionClip clip, string referencePath, double toleranceMm)
    {
        var (subjects, actions, frames, poses) = ReadTable(referencePath);
        Assert.AreEqual(frames.Length, clip.FrameCount, $"frame count vs {Path.GetFileName(referencePath)}");
        CollectionAssert.AreEqual(Enumerable.Range(0, frames.Length).ToArray(), frames);
        Assert.AreEqual(subjects[0], clip.Subject);
        Assert.AreEqual(actions[0], clip.Action);
        var (max, mean, frame, joint) = Deviation(clip.Positions, poses, clip.Skeleton.JointCount);
        Console.WriteLine($"{Path.GetFileName(referencePath)}: {clip.FrameCount} frames, max {max:0.0000} mm (frame {frame}, {clip.Skeleton.JointNames[Math.Max(joint, 0)]}), mean {mean:0.0000} mm");
        Assert.IsLessThanOrEqualTo(toleranceMm, max, $"max deviation {max:0.###} mm at frame {frame}, joint {joint} vs {Path.GetFileName(referencePath)}");
    }
}
