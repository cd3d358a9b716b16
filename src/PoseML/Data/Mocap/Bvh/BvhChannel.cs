namespace PoseML.Data.Mocap.Bvh;

/// <summary>One animated degree of freedom of a BVH joint, as named in its <c>CHANNELS</c> line.</summary>
public enum BvhChannel
{
    /// <summary>Translation along X, in file units.</summary>
    Xposition,
    /// <summary>Translation along Y, in file units.</summary>
    Yposition,
    /// <summary>Translation along Z, in file units.</summary>
    Zposition,
    /// <summary>Rotation about X, degrees.</summary>
    Xrotation,
    /// <summary>Rotation about Y, degrees.</summary>
    Yrotation,
    /// <summary>Rotation about Z, degrees.</summary>
    Zrotation,
}

/// <summary>Helpers on <see cref="BvhChannel"/>.</summary>
public static class BvhChannels
{
    /// <summary>True for the three rotation channels.</summary>
    public static bool IsRotation(this BvhChannel channel) => channel >= BvhChannel.Xrotation;

    /// <summary>The axis the channel acts along or about: 0 = X, 1 = Y, 2 = Z.</summary>
    public static int Axis(this BvhChannel channel) => (int)channel % 3;
}
