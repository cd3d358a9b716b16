using PoseML.Data;
using PoseML.Core;

namespace PoseML.Evaluation;

/// <summary>Pose-error metrics as pure functions over spans of poses laid out
/// <c>[frames, joints, 3]</c> (row-major, millimetres, joint 0 the root). Each documents the protocol it
/// implements; the definitions follow VideoPose3D (<c>common/loss.py</c>) and MPI-INF-3DHP.
/// Sums are taken in double.</summary>
/// <remarks>
/// Input checks, shared by every metric: both spans must hold the same whole number of poses
/// (<see cref="SchemaMismatchException"/> naming <c>predicted</c> or <c>target</c>), and every coordinate
/// must be finite (<see cref="DataFormatException"/> naming the argument, frame and joint). Missing
/// predicted joints can be skipped only through <see cref="PoseEvaluation"/> with
/// <see cref="PoseEvaluationOptions.SkipMissingJoints"/>; ground truth is never allowed to be missing.
/// With zero frames a metric returns NaN.
/// </remarks>
public static class PoseMetrics
{
    /// <summary>MPJPE, Protocol 1: both poses are translated so that joint 0 (the root) is at the origin,
    /// then the Euclidean distance is averaged over all joints and frames (VideoPose3D <c>mpjpe</c> on
    /// root-relative poses, as its evaluation feeds it).</summary>
    /// <exception cref="SchemaMismatchException">Lengths differ or are not whole poses.</exception>
    /// <exception cref="DataFormatException">A coordinate is NaN or infinite.</exception>
    public static double Mpjpe(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target, int joints)
    {
        var frames = CheckPoses(predicted, target, joints, 3);
        CheckFinite(predicted, target, joints);
        if (frames == 0) return double.NaN;
        double sum = 0;
        for (var f = 0; f < frames; f++)
        {
            var p = predicted.Slice(f * joints * 3, joints * 3);
            var t = target.Slice(f * joints * 3, joints * 3);
            for (var j = 0; j < joints; j++) sum += PoseFrame.Distance(p, t, j, rootAlign: true);
        }
        return sum / ((double)frames * joints);
    }

    /// <summary>PA-MPJPE, Protocol 2 (VideoPose3D <c>p_mpjpe</c>): per frame, the prediction is mapped
    /// onto the target by the similarity transform (rotation, uniform scale, translation) that
    /// minimises the squared error, reflections excluded; then the Euclidean distance is averaged over
    /// all joints and frames. The rotation comes from the SVD of H = X0ᵀ·Y0 of the centred poses with
    /// the last singular vector's sign flipped when det(R) &lt; 0, the scale is a = (s1 + s2 ± s3)·‖X0‖/‖Y0‖
    /// on Frobenius-normalised poses. Invariant to any translation, so no root alignment is needed.
    /// A prediction collapsed to one point maps onto the target's centroid (VideoPose3D gives NaN).</summary>
    /// <exception cref="SchemaMismatchException">Lengths differ or are not whole poses.</exception>
    /// <exception cref="DataFormatException">A coordinate is NaN or infinite.</exception>
    public static double PaMpjpe(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target, int joints)
    {
        var frames = CheckPoses(predicted, target, joints, 3);
        CheckFinite(predicted, target, joints);
        if (frames == 0) return double.NaN;
        double sum = 0;
        for (var f = 0; f < frames; f++)
        {
            sum += SimilarityAlignment.ErrorSum(predicted.Slice(f * joints * 3, joints * 3), target.Slice(f * joints * 3, joints * 3),
                joints, skipMissing: false, out _);
        }
        return sum / ((double)frames * joints);
    }

    /// <summary>N-MPJPE (VideoPose3D <c>n_mpjpe</c>, after Rhodin et al.): per frame, the prediction is
    /// multiplied by the scale s = Σ⟨t_j, p_j⟩ / Σ‖p_j‖² that minimises Σ‖s·p_j − t_j‖² (scale about the
    /// origin, no rotation or translation), then the Euclidean distance is averaged over all joints and
    /// frames. VideoPose3D's function itself does not translate: it scales about the origin of the
    /// coordinates it is given, and its evaluation gives it root-relative targets. Here
    /// <paramref name="rootAlign"/> (default) first makes both poses relative to joint 0, consistent with
    /// Protocol 1; pass false for the function on the coordinates as given. A frame whose prediction is
    /// all zeros gets scale 0 (VideoPose3D would divide by zero).</summary>
    /// <exception cref="SchemaMismatchException">Lengths differ or are not whole poses.</exception>
    /// <exception cref="DataFormatException">A coordinate is NaN or infinite.</exception>
    public static double NMpjpe(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target, int joints, bool rootAlign = true)
    {
        var frames = CheckPoses(predicted, target, joints, 3);
        CheckFinite(predicted, target, joints);
        if (frames == 0) return double.NaN;
        double sum = 0;
        for (var f = 0; f < frames; f++)
        {
            sum += PoseFrame.ScaledErrorSum(predicted.Slice(f * joints * 3, joints * 3), target.Slice(f * joints * 3, joints * 3),
                joints, rootAlign, skipMissing: false, out _);
        }
        return sum / ((double)frames * joints);
    }

    /// <summary>MPJVE, mean per-joint velocity error (VideoPose3D <c>mean_velocity_error</c>): the first
    /// differences along frames of prediction and target (one sequence, consecutive frames), then the
    /// Euclidean distance between the two velocities averaged over all joints and frame pairs (mm per
    /// frame). With <paramref name="rootAlign"/> (default) both poses are first made relative to joint 0,
    /// so the root's own trajectory does not count, consistent with Protocol 1; pass false for
    /// VideoPose3D's function on the coordinates as given. Fewer than two frames give NaN.</summary>
    /// <exception cref="SchemaMismatchException">Lengths differ or are not whole poses.</exception>
    /// <exception cref="DataFormatException">A coordinate is NaN or infinite.</exception>
    public static double MeanVelocityError(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target, int joints, bool rootAlign = true)
    {
        var frames = CheckPoses(predicted, target, joints, 3);
        CheckFinite(predicted, target, joints);
        if (frames < 2) return double.NaN;
        var size = joints * 3;
        double sum = 0;
        for (var f = 1; f < frames; f++)
        {
            var p0 = predicted.Slice((f - 1) * size, size);
            var p1 = predicted.Slice(f * size, size);
            var t0 = target.Slice((f - 1) * size, size);
            var t1 = target.Slice(f * size, size);
            for (var j = 0; j < joints; j++) sum += PoseFrame.VelocityDistance(p0, p1, t0, t1, j, rootAlign);
        }
        return sum / ((double)(frames - 1) * joints);
    }

    /// <summary>3DHP PCK: the percentage (0–100) of non-root joints, over all frames, whose root-aligned
    /// error (as in Protocol 1) is strictly below <paramref name="thresholdMm"/> (150 mm by default).
    /// Needs at least two joints.</summary>
    /// <exception cref="SchemaMismatchException">Lengths differ or are not whole poses.</exception>
    /// <exception cref="DataFormatException">A coordinate is NaN or infinite.</exception>
    /// <exception cref="InvalidOptionException">Fewer than two joints, or a NaN threshold.</exception>
    public static double Pck(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target, int joints, double thresholdMm = 150)
    {
        if (double.IsNaN(thresholdMm)) throw new InvalidOptionException(nameof(thresholdMm), "must be a number, got NaN");
        var frames = CheckPoses(predicted, target, joints, 3);
        CheckNonRoot(joints);
        CheckFinite(predicted, target, joints);
        if (frames == 0) return double.NaN;
        long hits = 0;
        for (var f = 0; f < frames; f++)
        {
            var p = predicted.Slice(f * joints * 3, joints * 3);
            var t = target.Slice(f * joints * 3, joints * 3);
            for (var j = 1; j < joints; j++)
            {
                if (PoseFrame.Distance(p, t, j, rootAlign: true) < thresholdMm) hits++;
            }
        }
        return 100.0 * hits / ((double)frames * (joints - 1));
    }

    /// <summary>3DHP AUC: the mean of <see cref="Pck"/> over the 31 thresholds 0, 5, …, 150 mm
    /// (percentage, 0–100). The strict comparison makes PCK at 0 mm zero.</summary>
    /// <exception cref="SchemaMismatchException">Lengths differ or are not whole poses.</exception>
    /// <exception cref="DataFormatException">A coordinate is NaN or infinite.</exception>
    /// <exception cref="InvalidOptionException">Fewer than two joints.</exception>
    public static double Auc(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target, int joints)
    {
        var frames = CheckPoses(predicted, target, joints, 3);
        CheckNonRoot(joints);
        CheckFinite(predicted, target, joints);
        if (frames == 0) return double.NaN;
        Span<long> firstBelow = stackalloc long[PoseFrame.PckThresholdCount + 1];
        firstBelow.Clear();
        for (var f = 0; f < frames; f++)
        {
            var p = predicted.Slice(f * joints * 3, joints * 3);
            var t = target.Slice(f * joints * 3, joints * 3);
            for (var j = 1; j < joints; j++) firstBelow[PoseFrame.FirstThresholdAbove(PoseFrame.Distance(p, t, j, rootAlign: true))]++;
        }
        return AucFromHistogram(firstBelow, (long)frames * (joints - 1));
    }

    /// <summary>Protocol-1 error of each joint (root-aligned at joint 0, so the root's is 0), averaged
    /// over frames, written to <paramref name="destination"/> (length <paramref name="joints"/>).</summary>
    /// <exception cref="SchemaMismatchException">Lengths differ, are not whole poses, or the destination
    /// is not one value per joint.</exception>
    /// <exception cref="DataFormatException">A coordinate is NaN or infinite.</exception>
    public static void PerJointMpjpe(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target, int joints, Span<double> destination)
    {
        var frames = CheckPoses(predicted, target, joints, 3);
        if (destination.Length != joints)
            throw new SchemaMismatchException(nameof(destination), $"needs one value per joint ({joints}), has {destination.Length}");
        CheckFinite(predicted, target, joints);
        destination.Clear();
        for (var f = 0; f < frames; f++)
        {
            var p = predicted.Slice(f * joints * 3, joints * 3);
            var t = target.Slice(f * joints * 3, joints * 3);
            for (var j = 0; j < joints; j++) destination[j] += PoseFrame.Distance(p, t, j, rootAlign: true);
        }
        for (var j = 0; j < joints; j++) destination[j] = frames == 0 ? double.NaN : destination[j] / frames;
    }

    /// <summary>Left/right bone-length symmetry error of a set of poses (no ground truth needed):
    /// |‖l − parent(l)‖ − ‖r − parent(r)‖| averaged over the skeleton's mirror pairs
    /// (<see cref="Skeleton.Left"/>[i], <see cref="Skeleton.Right"/>[i]) whose joints both have a parent,
    /// and over frames (mm). A real body gives about 0; NaN when the skeleton has no such pair or there
    /// are no frames.</summary>
    /// <exception cref="SchemaMismatchException">The span is not a whole number of the skeleton's poses.</exception>
    /// <exception cref="DataFormatException">A coordinate is NaN or infinite.</exception>
    public static double BoneSymmetryError(ReadOnlySpan<float> poses, Skeleton skeleton)
    {
        ArgumentNullException.ThrowIfNull(skeleton);
        var joints = skeleton.JointCount;
        var frames = CheckPoses(poses, poses, joints, 3);
        CheckFinite(poses, nameof(poses), joints);
        var left = skeleton.Left.AsSpan();
        var right = skeleton.Right.AsSpan();
        var parents = skeleton.Parents.AsSpan();
        double sum = 0;
        long count = 0;
        for (var f = 0; f < frames; f++)
        {
            sum += PoseFrame.SymmetrySum(poses.Slice(f * joints * 3, joints * 3), left, right, parents, skipMissing: false, out var pairs);
            count += pairs;
        }
        return count == 0 ? double.NaN : sum / count;
    }

    /// <summary>AUC (percentage) from counts of errors by the index of the first threshold they are below.</summary>
    internal static double AucFromHistogram(ReadOnlySpan<long> firstBelow, long total)
    {
        if (total == 0) return double.NaN;
        long cumulative = 0;
        double sum = 0;
        for (var k = 0; k < PoseFrame.PckThresholdCount; k++)
        {
            cumulative += firstBelow[k];
            sum += 100.0 * cumulative / total;
        }
        return sum / PoseFrame.PckThresholdCount;
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

    private static void CheckNonRoot(int joints)
    {
        if (joints < 2) throw new InvalidOptionException(nameof(joints), $"PCK and AUC count the non-root joints, so they need at least 2 joints, got {joints}");
    }

    private static void CheckFinite(ReadOnlySpan<float> predicted, ReadOnlySpan<float> target, int joints)
    {
        CheckFinite(predicted, "predicted", joints);
        CheckFinite(target, "target", joints);
    }

    /// <summary>Throws naming <paramref name="argument"/>, the frame and the joint of the first NaN or
    /// infinite coordinate.</summary>
    internal static void CheckFinite(ReadOnlySpan<float> poses, string argument, int joints)
    {
        var i = IndexOfNonFinite(poses);
        if (i < 0) return;
        var frame = i / (joints * 3);
        var joint = i / 3 % joints;
        throw new DataFormatException(argument,
            $"frame {frame}, joint {joint}: coordinate is {poses[i]}; metrics need finite poses (missing predicted joints can be skipped with PoseEvaluationOptions.SkipMissingJoints)",
            field: $"joint {joint}");
    }

    /// <summary>Index of the first NaN or infinite value, or -1.</summary>
    internal static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) return i;
        }
        return -1;
    }
}
