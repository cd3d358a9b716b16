using PoseML.Core;

namespace PoseML.Evaluation;

/// <summary>Pose-error metrics as pure functions over spans of poses laid out
/// <c>[frames, joints, 3]</c> (row-major, millimetres). Each documents the protocol it implements.</summary>
public static class PoseMetrics
{
    /// <summary>MPJPE, Protocol 1: both poses are translated so that joint 0 (the root) is at the origin,
    /// then the Euclidean distance is averaged over all joints and frames.</summary>
    /// <exception cref="SchemaMismatchException">Lengths differ or are not whole poses.</exception>
    public static double Mpjpe(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target, int joints)
    {
        var frames = CheckPoses(predicted, target, joints, 3);
        if (frames == 0) return double.NaN;
        double sum = 0;
        for (var f = 0; f < frames; f++)
        {
            var p = predicted.Slice(f * joints * 3, joints * 3);
            var t = target.Slice(f * joints * 3, joints * 3);
            for (var j = 0; j < joints; j++)
            {
                var dx = (double)(p[j * 3] - p[0]) - (t[j * 3] - t[0]);
                var dy = (double)(p[j * 3 + 1] - p[1]) - (t[j * 3 + 1] - t[1]);
                var dz = (double)(p[j * 3 + 2] - p[2]) - (t[j * 3 + 2] - t[2]);
                sum += Math.Sqrt(dx * dx + dy * dy + dz * dz);
            }
        }
        return sum / ((double)frames * joints);
    }

    /// <summary>Checks that both spans hold the same whole number of poses of <paramref name="joints"/> ×
    /// <paramref name="dims"/> values and returns the number of frames.</summary>
    internal static int CheckPoses(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target, int joints, int dims)
    {
        if (joints <= 0) throw new InvalidOptionException(nameof(joints), $"must be positive, got {joints}");
        var size = joints * dims;
        if (predicted.Length % size != 0)
            throw new SchemaMismatchException("predicted", $"{predicted.Length} values is not a whole number of [{joints},{dims}] poses");
        if (target.Length % size != 0)
            throw new SchemaMismatchException("target", $"{target.Length} values is not a whole number of [{joints},{dims}] poses");
        if (predicted.Length != target.Length)
            throw new SchemaMismatchException("predicted", $"has {predicted.Length / size} poses, the target has {target.Length / size}");
        return predicted.Length / size;
    }
}
