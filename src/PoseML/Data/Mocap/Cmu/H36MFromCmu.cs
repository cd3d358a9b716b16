

namespace PoseML.Data.Mocap.Cmu;

/// <summary>Builds one Human3.6M-17 pose from the 14 CMU points of <see cref="CmuJoint"/>: hips,
/// knees, ankles, shoulders, elbows, wrists and head top map directly; <c>Hip</c> = midpoint of the
/// hip joints, <c>Thorax</c> = midpoint of the shoulders, <c>Spine</c> = midpoint of Hip and Thorax,
/// <c>Neck</c> = CMU's head joint.</summary>
internal static class H36MFromCmu
{
    public static readonly int JointCount = Skeletons.Human36M17.JointCount;

    /// <summary>Writes 17 × 3 floats (mm) to <paramref name="into"/>; <paramref name="points"/> is
    /// indexed by <see cref="CmuJoint"/>, in source units, scaled by <paramref name="mmPerUnit"/>.</summary>
    public static void Fill(ReadOnlySpan<Vec3> points, double mmPerUnit, Span<float> into)
    {
        var hip = Mid(points[(int)CmuJoint.LeftHip], points[(int)CmuJoint.RightHip]);
        var thorax = Mid(points[(int)CmuJoint.LeftShoulder], points[(int)CmuJoint.RightShoulder]);
        var spine = Mid(hip, thorax);
        Span<Vec3> h36m =
        [
            hip,
            points[(int)CmuJoint.RightHip], points[(int)CmuJoint.RightKnee], points[(int)CmuJoint.RightAnkle],
            points[(int)CmuJoint.LeftHip], points[(int)CmuJoint.LeftKnee], points[(int)CmuJoint.LeftAnkle],
            spine, thorax, points[(int)CmuJoint.Neck], points[(int)CmuJoint.HeadTop],
            points[(int)CmuJoint.LeftShoulder], points[(int)CmuJoint.LeftElbow], points[(int)CmuJoint.LeftWrist],
            points[(int)CmuJoint.RightShoulder], points[(int)CmuJoint.RightElbow], points[(int)CmuJoint.RightWrist],
        ];
        for (var j = 0; j < h36m.Length; j++)
        {
            into[j * 3] = (float)(h36m[j].X * mmPerUnit);
            into[j * 3 + 1] = (float)(h36m[j].Y * mmPerUnit);
            into[j * 3 + 2] = (float)(h36m[j].Z * mmPerUnit);
        }
    }

    private static Vec3 Mid(Vec3 a, Vec3 b) => (a + b) * 0.5;
}
