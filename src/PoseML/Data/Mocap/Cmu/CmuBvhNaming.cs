using System.Collections.Immutable;

namespace PoseML.Data.Mocap.Cmu;

/// <summary>Which BVH joint holds each <see cref="CmuJoint"/> point in one release of the CMU BVH
/// files. A name ending in <c>_End</c> is the End Site of the joint before it.</summary>
/// <param name="Name">Short description of the release.</param>
/// <param name="Joints">BVH joint name per <see cref="CmuJoint"/>, in enum order.</param>
public sealed record CmuBvhNaming(string Name, ImmutableArray<string> Joints)
{
    /// <summary>cgspeed's "3dsMax-friendly" release (e.g. <c>131_01.bvh</c>): Hips, LeftHip,
    /// LeftKnee, LeftAnkle, …, Chest2, LeftCollar, LeftShoulder = upper arm, LeftElbow, LeftWrist, Head.</summary>
    public static CmuBvhNaming ThreeDsMax { get; } = new("cgspeed 3dsMax-friendly",
    [
        "LeftHip", "RightHip", "LeftKnee", "RightKnee", "LeftAnkle", "RightAnkle",
        "LeftShoulder", "RightShoulder", "LeftElbow", "RightElbow", "LeftWrist", "RightWrist",
        "Head", "Head_End",
    ]);

    /// <summary>cgspeed's "MotionBuilder-friendly" release (e.g. <c>01_01.bvh</c>): LeftUpLeg, LeftLeg,
    /// LeftFoot, …, Spine1, LeftShoulder = clavicle, LeftArm = upper arm, LeftForeArm, LeftHand, Head.</summary>
    public static CmuBvhNaming MotionBuilder { get; } = new("cgspeed MotionBuilder-friendly",
    [
        "LeftUpLeg", "RightUpLeg", "LeftLeg", "RightLeg", "LeftFoot", "RightFoot",
        "LeftArm", "RightArm", "LeftForeArm", "RightForeArm", "LeftHand", "RightHand",
        "Head", "Head_End",
    ]);

    /// <summary>The known releases, tried in this order by <see cref="Detect"/>.</summary>
    public static ImmutableArray<CmuBvhNaming> Known { get; } = [MotionBuilder, ThreeDsMax];

    /// <summary>The first known naming whose every joint exists in <paramref name="joints"/>, or null.</summary>
    public static CmuBvhNaming? Detect(IReadOnlyCollection<string> joints) =>
        Known.FirstOrDefault(n => n.Joints.All(joints.Contains));
}
