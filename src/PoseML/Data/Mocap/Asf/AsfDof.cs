namespace PoseML.Data.Mocap.Asf;

/// <summary>A degree of freedom of an ASF bone (its <c>dof</c> list) or of the root (its <c>order</c>).</summary>
public enum AsfDof
{
    /// <summary>Rotation about the bone's local X axis, angle units.</summary>
    RX,
    /// <summary>Rotation about the bone's local Y axis.</summary>
    RY,
    /// <summary>Rotation about the bone's local Z axis.</summary>
    RZ,
    /// <summary>Translation along X (root only), length units.</summary>
    TX,
    /// <summary>Translation along Y (root only).</summary>
    TY,
    /// <summary>Translation along Z (root only).</summary>
    TZ,
}
