using PoseML.Core;

namespace PoseML.Data.Cameras;

/// <summary>Where a camera is and how it is turned, in VideoPose3D's convention: the unit quaternion
/// <c>(W, X, Y, Z)</c> rotates camera-frame vectors into the world frame, and <c>Position</c> is the camera
/// centre in world millimetres (VideoPose3D's <c>translation</c>, which it stores in metres). Hence
/// <c>world = R·camera + t</c> (<c>camera_to_world</c>) and <c>camera = Rᵀ·(world − t)</c>
/// (<c>world_to_camera</c>). Camera frame: X right, Y down, Z forward. Immutable.</summary>
public sealed record CameraExtrinsics
{
    // Row-major camera→world rotation matrix, derived from the quaternion.
    private readonly double _r00, _r01, _r02, _r10, _r11, _r12, _r20, _r21, _r22;

    /// <summary>Creates extrinsics from a quaternion in VideoPose3D's (w, x, y, z) order (normalised here)
    /// and the camera position in world millimetres.</summary>
    /// <exception cref="InvalidOptionException">A zero or non-finite quaternion, or a non-finite position.</exception>
    public CameraExtrinsics(double qw, double qx, double qy, double qz, double positionX, double positionY, double positionZ)
    {
        var norm = Math.Sqrt(qw * qw + qx * qx + qy * qy + qz * qz);
        if (!(norm > 1e-12) || !double.IsFinite(norm))
            throw new InvalidOptionException("orientation", $"quaternion ({qw}, {qx}, {qy}, {qz}) cannot be normalised");
        if (!double.IsFinite(positionX) || !double.IsFinite(positionY) || !double.IsFinite(positionZ))
            throw new InvalidOptionException("position", $"camera position must be finite, got ({positionX}, {positionY}, {positionZ})");
        (Qw, Qx, Qy, Qz) = (qw / norm, qx / norm, qy / norm, qz / norm);
        (PositionX, PositionY, PositionZ) = (positionX, positionY, positionZ);
        double w = Qw, x = Qx, y = Qy, z = Qz;
        _r00 = 1 - 2 * (y * y + z * z); _r01 = 2 * (x * y - w * z); _r02 = 2 * (x * z + w * y);
        _r10 = 2 * (x * y + w * z); _r11 = 1 - 2 * (x * x + z * z); _r12 = 2 * (y * z - w * x);
        _r20 = 2 * (x * z - w * y); _r21 = 2 * (y * z + w * x); _r22 = 1 - 2 * (x * x + y * y);
    }

    /// <summary>Quaternion scalar part (camera→world rotation).</summary>
    public double Qw { get; }

    /// <summary>Quaternion x part.</summary>
    public double Qx { get; }

    /// <summary>Quaternion y part.</summary>
    public double Qy { get; }

    /// <summary>Quaternion z part.</summary>
    public double Qz { get; }

    /// <summary>Camera centre, world X, mm.</summary>
    public double PositionX { get; }

    /// <summary>Camera centre, world Y, mm.</summary>
    public double PositionY { get; }

    /// <summary>Camera centre, world Z, mm.</summary>
    public double PositionZ { get; }

    /// <summary>The optical axis (camera +Z) as a world direction.</summary>
    public (double X, double Y, double Z) ViewDirection => (_r02, _r12, _r22);

    /// <summary>A camera at <paramref name="position"/> looking at <paramref name="target"/>, with image
    /// "up" (camera −Y) as close to <paramref name="worldUp"/> as the view direction allows.</summary>
    /// <exception cref="InvalidOptionException">Target equal to the position, or up parallel to the view.</exception>
    public static CameraExtrinsics LookAt((double X, double Y, double Z) position, (double X, double Y, double Z) target, (double X, double Y, double Z) worldUp)
    {
        var f = Normalize((target.X - position.X, target.Y - position.Y, target.Z - position.Z), "target");
        var right = Normalize(Cross(f, worldUp), "worldUp");
        var down = Cross(f, right);
        // Columns of R are the camera axes in world coordinates: right (X), down (Y), forward (Z).
        var (w, x, y, z) = MatrixToQuaternion(right.X, down.X, f.X, right.Y, down.Y, f.Y, right.Z, down.Z, f.Z);
        return new CameraExtrinsics(w, x, y, z, position.X, position.Y, position.Z);
    }

    /// <summary>Maps one world point (mm) into the camera frame.</summary>
    public (double X, double Y, double Z) WorldToCamera(double x, double y, double z)
    {
        x -= PositionX; y -= PositionY; z -= PositionZ;
        return (_r00 * x + _r10 * y + _r20 * z, _r01 * x + _r11 * y + _r21 * z, _r02 * x + _r12 * y + _r22 * z);
    }

    /// <summary>Maps one camera-frame point (mm) into the world frame.</summary>
    public (double X, double Y, double Z) CameraToWorld(double x, double y, double z) =>
        (_r00 * x + _r01 * y + _r02 * z + PositionX, _r10 * x + _r11 * y + _r12 * z + PositionY, _r20 * x + _r21 * y + _r22 * z + PositionZ);

    /// <summary>Maps N×3 world values (any [N,J,3] layout, flattened) into the camera frame, allocation-free;
    /// the spans may be the same memory.</summary>
    /// <exception cref="ArgumentException">Lengths differ or are not a multiple of 3.</exception>
    public void WorldToCamera(ReadOnlySpan<float> world, Span<float> camera)
    {
        Check(world, camera);
        // The scalar WorldToCamera, inlined by hand with the matrix in locals (the batch hot path).
        double r00 = _r00, r01 = _r01, r02 = _r02, r10 = _r10, r11 = _r11, r12 = _r12, r20 = _r20, r21 = _r21, r22 = _r22;
        double px = PositionX, py = PositionY, pz = PositionZ;
        for (var i = 0; i < world.Length; i += 3)
        {
            var x = world[i] - px;
            var y = world[i + 1] - py;
            var z = world[i + 2] - pz;
            camera[i] = (float)(r00 * x + r10 * y + r20 * z);
            camera[i + 1] = (float)(r01 * x + r11 * y + r21 * z);
            camera[i + 2] = (float)(r02 * x + r12 * y + r22 * z);
        }
    }

    /// <summary>Maps N×3 camera-frame values into the world frame, allocation-free; the spans may be the same memory.</summary>
    /// <exception cref="ArgumentException">Lengths differ or are not a multiple of 3.</exception>
    public void CameraToWorld(ReadOnlySpan<float> camera, Span<float> world)
    {
        Check(camera, world);
        for (var i = 0; i < camera.Length; i += 3)
        {
            var (x, y, z) = CameraToWorld(camera[i], camera[i + 1], camera[i + 2]);
            world[i] = (float)x; world[i + 1] = (float)y; world[i + 2] = (float)z;
        }
    }

    private static void Check(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (source.Length % 3 != 0) throw new ArgumentException($"expected N×3 values, got {source.Length}");
        if (destination.Length != source.Length)
            throw new ArgumentException($"destination holds {destination.Length} values, source {source.Length}");
    }

    private static (double X, double Y, double Z) Cross((double X, double Y, double Z) a, (double X, double Y, double Z) b) =>
        (a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);

    private static (double X, double Y, double Z) Normalize((double X, double Y, double Z) v, string what)
    {
        var n = Math.Sqrt(v.X * v.X + v.Y * v.Y + v.Z * v.Z);
        if (!(n > 1e-9)) throw new InvalidOptionException(what, "the camera's view direction is undefined (zero length, or up parallel to the view)");
        return (v.X / n, v.Y / n, v.Z / n);
    }

    // Shepperd's method: pick the largest of w², x², y², z² to divide by, for stability.
    private static (double W, double X, double Y, double Z) MatrixToQuaternion(
        double m00, double m01, double m02, double m10, double m11, double m12, double m20, double m21, double m22)
    {
        var trace = m00 + m11 + m22;
        if (trace > 0)
        {
            var s = Math.Sqrt(trace + 1) * 2;
            return (s / 4, (m21 - m12) / s, (m02 - m20) / s, (m10 - m01) / s);
        }
        if (m00 > m11 && m00 > m22)
        {
            var s = Math.Sqrt(1 + m00 - m11 - m22) * 2;
            return ((m21 - m12) / s, s / 4, (m01 + m10) / s, (m02 + m20) / s);
        }
        if (m11 > m22)
        {
            var s = Math.Sqrt(1 + m11 - m00 - m22) * 2;
            return ((m02 - m20) / s, (m01 + m10) / s, s / 4, (m12 + m21) / s);
        }
        var t = Math.Sqrt(1 + m22 - m00 - m11) * 2;
        return ((m10 - m01) / t, (m02 + m20) / t, (m12 + m21) / t, t / 4);
    }
}
