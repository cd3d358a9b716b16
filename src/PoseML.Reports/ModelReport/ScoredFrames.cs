using Microsoft.ML;
using PoseML.Data;
using PoseML.Data.View;

namespace PoseML.Reports.ModelReport;

/// <summary>The rows of a scored test set as arrays: keys, predicted and true poses (<c>J·3</c> floats each) and each
/// frame's Protocol-1 error over its finite joints.</summary>
internal sealed class ScoredFrames
{
    public ScoredFrames(IDataView scored)
    {
        var type = scored.Schema[PoseColumns.PredictedPose3D].Type;
        Predicted = scored.ReadFloats(PoseColumns.PredictedPose3D);
        Truth = scored.ReadFloats(PoseColumns.Pose3D);
        JointCount = JointsOf(scored);
        Rows = Truth.Length / (JointCount * 3);
        if (Predicted.Length != Truth.Length)
            throw new InvalidOperationException($"the scored data has {Predicted.Length} predicted and {Truth.Length} true coordinates ({type})");
        Subjects = Texts(scored, PoseColumns.Subject, "?");
        Actions = Texts(scored, PoseColumns.Action, "(none)");
        Cameras = Ints(scored, PoseColumns.Camera, PoseColumns.NoCamera);
        Frames = Ints(scored, PoseColumns.Frame, -1);
        Skeleton = JointCount == Skeletons.Human36M17.JointCount ? Skeletons.Human36M17
            : new Skeleton($"joints{JointCount}", Enumerable.Range(0, JointCount).Select(i => $"J{i}"), Enumerable.Repeat(-1, JointCount), [], []);
        Errors = new double[Rows];
        for (var r = 0; r < Rows; r++) Errors[r] = FrameError(Pose(Predicted, r), Pose(Truth, r), JointCount);
    }

    public int Rows { get; }
    public int JointCount { get; }
    public Skeleton Skeleton { get; }
    public float[] Predicted { get; }
    public float[] Truth { get; }
    public string[] Subjects { get; }
    public string[] Actions { get; }
    public int[] Cameras { get; }
    public int[] Frames { get; }

    /// <summary>Protocol-1 error of each row (mm), NaN when no joint is finite.</summary>
    public double[] Errors { get; }

    public ReadOnlySpan<float> PredictedPose(int row) => Pose(Predicted, row);
    public ReadOnlySpan<float> TruePose(int row) => Pose(Truth, row);

    /// <summary>"subject · action · camera c · frame f".</summary>
    public string Describe(int row) =>
        $"{Subjects[row]} · {Actions[row]}{(Cameras[row] >= 0 ? $" · camera {Cameras[row]}" : "")} · frame {Frames[row]}";

    /// <summary>The rows of <paramref name="row"/>'s sequence (same subject, action, camera) in frame order.</summary>
    public int[] SequenceOf(int row) => Enumerable.Range(0, Rows)
        .Where(r => Subjects[r] == Subjects[row] && Actions[r] == Actions[row] && Cameras[r] == Cameras[row])
        .OrderBy(r => Frames[r]).ToArray();

    private ReadOnlySpan<float> Pose(float[] poses, int row) => poses.AsSpan(row * JointCount * 3, JointCount * 3);

    /// <summary>Root-aligned mean joint distance over the joints finite in both poses (joint 0 is the root).</summary>
    internal static double FrameError(ReadOnlySpan<float> p, ReadOnlySpan<float> t, int joints)
    {
        double sum = 0;
        var n = 0;
        for (var j = 0; j < joints; j++)
        {
            double d2 = 0;
            for (var k = 0; k < 3; k++)
            {
                var d = (p[j * 3 + k] - p[k]) - (t[j * 3 + k] - t[k]);
                d2 += d * d;
            }
            if (!double.IsFinite(d2)) continue;
            sum += Math.Sqrt(d2);
            n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }

    private static int JointsOf(IDataView data)
    {
        var size = data.Schema[PoseColumns.Pose3D].Type is Microsoft.ML.Data.VectorDataViewType v ? v.Size : 0;
        if (size == 0 || size % 3 != 0) throw new InvalidOperationException($"column {PoseColumns.Pose3D} is not a fixed-size float[J,3] vector");
        return size / 3;
    }

    private static string[] Texts(IDataView data, string column, string missing) =>
        data.Schema.GetColumnOrNull(column) is null ? Enumerable.Repeat(missing, (int)(data.GetRowCount() ?? 0)).ToArray() : data.ReadTexts(column);

    private static int[] Ints(IDataView data, string column, int missing) =>
        data.Schema.GetColumnOrNull(column) is null ? Enumerable.Repeat(missing, (int)(data.GetRowCount() ?? 0)).ToArray() : data.ReadInts(column);
}
