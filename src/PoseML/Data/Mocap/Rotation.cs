namespace PoseML.Data.Mocap;

/// <summary>A 3×3 rotation matrix (row-major, double precision) acting on column vectors:
/// <c>v' = R·v</c>. Composition <c>A * B</c> applies B first, then A.</summary>
internal readonly struct Rotation
{
    private readonly double _m00, _m01, _m02, _m10, _m11, _m12, _m20, _m21, _m22;

    private Rotation(double m00, double m01, double m02, double m10, double m11, double m12, double m20, double m21, double m22)
    {
        _m00 = m00; _m01 = m01; _m02 = m02;
        _m10 = m10; _m11 = m11; _m12 = m12;
        _m20 = m20; _m21 = m21; _m22 = m22;
    }

    public static Rotation Identity { get; } = new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    /// <summary>Right-handed rotation by <paramref name="degrees"/> about axis 0 (X), 1 (Y) or 2 (Z).</summary>
    public static Rotation About(int axis, double degrees)
    {
        var r = degrees * (Math.PI / 180.0);
        var (s, c) = Math.SinCos(r);
        return axis switch
        {
            0 => new(1, 0, 0, 0, c, -s, 0, s, c),
            1 => new(c, 0, s, 0, 1, 0, -s, 0, c),
            2 => new(c, -s, 0, s, c, 0, 0, 0, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(axis)),
        };
    }

    /// <summary><c>Rz(z)·Ry(y)·Rx(x)</c>, angles in degrees: X applied first, then Y, then Z.</summary>
    public static Rotation ZYX(double x, double y, double z) => About(2, z) * About(1, y) * About(0, x);

    /// <summary>Euler rotation with axes applied in the order written: <c>"XYZ"</c> applies X first,
    /// then Y, then Z, giving <c>Rz·Ry·Rx</c>. Angles in degrees, indexed by axis (x, y, z).</summary>
    public static Rotation Euler(string order, double x, double y, double z)
    {
        var r = Identity;
        foreach (var axisChar in order)
        {
            var axis = char.ToUpperInvariant(axisChar) - 'X';
            r = About(axis, axis switch { 0 => x, 1 => y, _ => z }) * r;
        }
        return r;
    }

    public Rotation Transpose() => new(_m00, _m10, _m20, _m01, _m11, _m21, _m02, _m12, _m22);

    public static Rotation operator *(Rotation a, Rotation b) => new(
        a._m00 * b._m00 + a._m01 * b._m10 + a._m02 * b._m20,
        a._m00 * b._m01 + a._m01 * b._m11 + a._m02 * b._m21,
        a._m00 * b._m02 + a._m01 * b._m12 + a._m02 * b._m22,
        a._m10 * b._m00 + a._m11 * b._m10 + a._m12 * b._m20,
        a._m10 * b._m01 + a._m11 * b._m11 + a._m12 * b._m21,
        a._m10 * b._m02 + a._m11 * b._m12 + a._m12 * b._m22,
        a._m20 * b._m00 + a._m21 * b._m10 + a._m22 * b._m20,
        a._m20 * b._m01 + a._m21 * b._m11 + a._m22 * b._m21,
        a._m20 * b._m02 + a._m21 * b._m12 + a._m22 * b._m22);

    public static Vec3 operator *(Rotation a, Vec3 v) => new(
        a._m00 * v.X + a._m01 * v.Y + a._m02 * v.Z,
        a._m10 * v.X + a._m11 * v.Y + a._m12 * v.Z,
        a._m20 * v.X + a._m21 * v.Y + a._m22 * v.Z);
}
