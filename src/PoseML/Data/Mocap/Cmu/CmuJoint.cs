namespace PoseML.Data.Mocap.Cmu;

/// <summary>The CMU skeleton points the Human3.6M-17 conversion reads. <c>Neck</c> is the base of the
/// skull (CMU's head joint) and <c>HeadTop</c> the end of the head bone; the other points are the
/// joint centres their names say (shoulder = upper-arm joint, not the clavicle).</summary>
public enum CmuJoint
{
    /// <summary>Left hip joint centre.</summary>
    LeftHip,
    /// <summary>Right hip joint centre.</summary>
    RightHip,
    /// <summary>Left knee.</summary>
    LeftKnee,
    /// <summary>Right knee.</summary>
    RightKnee,
    /// <summary>Left ankle.</summary>
    LeftAnkle,
    /// <summary>Right ankle.</summary>
    RightAnkle,
    /// <summary>Left shoulder (upper-arm joint).</summary>
    LeftShoulder,
    /// <summary>Right shoulder (upper-arm joint).</summary>
    RightShoulder,
    /// <summary>Left elbow.</summary>
    LeftElbow,
    /// <summary>Right elbow.</summary>
    RightElbow,
    /// <summary>Left wrist.</summary>
    LeftWrist,
    /// <summary>Right wrist.</summary>
    RightWrist,
    /// <summary>Base of the skull (CMU's head joint), used as Human3.6M's Neck.</summary>
    Neck,
    /// <summary>Top of the head (end of the head bone).</summary>
    HeadTop,
}
