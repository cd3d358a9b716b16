namespace PoseML.Data;

/// <summary>Reference skeletons as code.</summary>
public static class Skeletons
{
    /// <summary>Human3.6M with 17 joints in VideoPose3D's order; the canonical skeleton for 3D work.
    /// 0 Hip (root), 1 RHip, 2 RKnee, 3 RFoot, 4 LHip, 5 LKnee, 6 LFoot, 7 Spine, 8 Thorax, 9 Neck,
    /// 10 Head, 11 LShoulder, 12 LElbow, 13 LWrist, 14 RShoulder, 15 RElbow, 16 RWrist.</summary>
    public static Skeleton Human36M17 { get; } = new(
        "h36m17",
        ["Hip", "RHip", "RKnee", "RFoot", "LHip", "LKnee", "LFoot", "Spine", "Thorax", "Neck", "Head",
         "LShoulder", "LElbow", "LWrist", "RShoulder", "RElbow", "RWrist"],
        [-1, 0, 1, 2, 0, 4, 5, 0, 7, 8, 9, 8, 11, 12, 8, 14, 15],
        [4, 5, 6, 11, 12, 13],
        [1, 2, 3, 14, 15, 16]);

    /// <summary>MPII Human Pose, 16 joints in the dataset's order: 0 RAnkle, 1 RKnee, 2 RHip, 3 LHip,
    /// 4 LKnee, 5 LAnkle, 6 Pelvis (root), 7 Thorax, 8 UpperNeck, 9 HeadTop, 10 RWrist, 11 RElbow,
    /// 12 RShoulder, 13 LShoulder, 14 LElbow, 15 LWrist. A flat 2D keypoint layout (parents -1, since the
    /// dataset order does not put parents first); <c>JointMappings</c> maps it to <see cref="Human36M17"/>.</summary>
    public static Skeleton Mpii16 { get; } = new(
        "mpii16",
        ["RAnkle", "RKnee", "RHip", "LHip", "LKnee", "LAnkle", "Pelvis", "Thorax", "UpperNeck", "HeadTop",
         "RWrist", "RElbow", "RShoulder", "LShoulder", "LElbow", "LWrist"],
        Enumerable.Repeat(-1, 16),
        [3, 4, 5, 13, 14, 15],
        [2, 1, 0, 12, 11, 10]);

    /// <summary>COCO keypoints, 17 joints in the dataset's order: 0 Nose, 1 LEye, 2 REye, 3 LEar, 4 REar,
    /// 5 LShoulder, 6 RShoulder, 7 LElbow, 8 RElbow, 9 LWrist, 10 RWrist, 11 LHip, 12 RHip, 13 LKnee,
    /// 14 RKnee, 15 LAnkle, 16 RAnkle. A flat 2D keypoint layout (parents -1); <c>JointMappings</c> maps
    /// it to <see cref="Human36M17"/>.</summary>
    public static Skeleton Coco17 { get; } = new(
        "coco17",
        ["Nose", "LEye", "REye", "LEar", "REar", "LShoulder", "RShoulder", "LElbow", "RElbow", "LWrist",
         "RWrist", "LHip", "RHip", "LKnee", "RKnee", "LAnkle", "RAnkle"],
        Enumerable.Repeat(-1, 17),
        [1, 3, 5, 7, 9, 11, 13, 15],
        [2, 4, 6, 8, 10, 12, 14, 16]);

    /// <summary>Looks a skeleton up by its <see cref="Skeleton.Name"/> (case-insensitive).</summary>
    public static Skeleton ByName(string name) => name.ToLowerInvariant() switch
    {
        "h36m17" or "h36m" or "human36m17" => Human36M17,
        "mpii16" or "mpii" => Mpii16,
        "coco17" or "coco" => Coco17,
        _ => throw new Core.InvalidOptionException("skeleton", $"unknown skeleton '{name}'; expected h36m17, mpii16 or coco17"),
    };
}
