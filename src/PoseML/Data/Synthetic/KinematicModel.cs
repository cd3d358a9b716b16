
namespace PoseML.Data.Synthetic;

/// <summary>Forward kinematics on the Human3.6M-17 skeleton. Each non-root joint c carries the local
/// rotation of the bone from its parent p to c (in p's segment frame): <c>G_c = G_p·L_c</c>,
/// <c>x_c = x_p + G_c·offset_c</c>; the root's rotation is the global heading and pelvis tilt. Rotations
/// preserve lengths, so bone lengths are the body's exactly. Body frame at rest: X right, Y forward, Z up.</summary>
internal sealed class KinematicModel
{
    private const int J = 17;
    private static readonly int[] Parents = [.. Skeletons.Human36M17.Parents];
    private readonly (double X, double Y, double Z)[] _offsets = new (double, double, double)[J];
    private readonly Mat3[] _global = new Mat3[J];

    public KinematicModel(BodyProportions body)
    {
        Body = body;
        var n = BodyProportions.NeckDirection;
        var h = BodyProportions.HeadDirection;
        var c = BodyProportions.ClavicleDirection;
        _offsets[1] = (body.HipHalfWidth, 0, 0);           // RHip
        _offsets[2] = (0, 0, -body.Thigh);                 // RKnee
        _offsets[3] = (0, 0, -body.Shin);                  // RFoot (ankle)
        _offsets[4] = (-body.HipHalfWidth, 0, 0);          // LHip
        _offsets[5] = (0, 0, -body.Thigh);
        _offsets[6] = (0, 0, -body.Shin);
        _offsets[7] = (0, 0, body.LowerSpine);             // Spine
        _offsets[8] = (0, 0, body.UpperSpine);             // Thorax
        _offsets[9] = (n.X * body.Neck, n.Y * body.Neck, n.Z * body.Neck);
        _offsets[10] = (h.X * body.Head, h.Y * body.Head, h.Z * body.Head);
        _offsets[11] = (-c.X * body.Clavicle, c.Y * body.Clavicle, c.Z * body.Clavicle); // LShoulder
        _offsets[12] = (0, 0, -body.UpperArm);
        _offsets[13] = (0, 0, -body.Forearm);
        _offsets[14] = (c.X * body.Clavicle, c.Y * body.Clavicle, c.Z * body.Clavicle);  // RShoulder
        _offsets[15] = (0, 0, -body.UpperArm);
        _offsets[16] = (0, 0, -body.Forearm);
    }

    public BodyProportions Body { get; }

    /// <summary>Writes the 17 joint positions (world mm, Z up) for angles <paramref name="a"/> (degrees)
    /// and root placement <paramref name="root"/>: the pelvis is lowered or raised so that the lower
    /// ankle sits at ankle height above the floor, plus <see cref="RootPlacement.Lift"/>.</summary>
    public void Pose(ReadOnlySpan<double> a, in RootPlacement root, Span<double> positions)
    {
        _global[0] = Mat3.Rz(a[Dof.RootYaw]) * Mat3.Rx(-a[Dof.RootPitch]) * Mat3.Ry(a[Dof.RootRoll]);
        positions[0] = 0; positions[1] = 0; positions[2] = 0;
        for (var j = 1; j < J; j++)
        {
            var p = Parents[j];
            _global[j] = _global[p] * Local(j, a);
            var (x, y, z) = _global[j].Apply(_offsets[j]);
            positions[3 * j] = positions[3 * p] + x;
            positions[3 * j + 1] = positions[3 * p + 1] + y;
            positions[3 * j + 2] = positions[3 * p + 2] + z;
        }
        var lowest = Math.Min(positions[3 * 3 + 2], positions[3 * 6 + 2]);
        var dz = Body.AnkleHeight - lowest + root.Lift;
        for (var j = 0; j < J; j++)
        {
            positions[3 * j] += root.X;
            positions[3 * j + 1] += root.Y;
            positions[3 * j + 2] += dz;
        }
    }

    private static Mat3 Local(int joint, ReadOnlySpan<double> a) => joint switch
    {
        2 => Limb(a, Dof.RightLeg, -1),
        3 => Mat3.Rx(-a[Dof.RightLeg + Dof.Hinge]),
        5 => Limb(a, Dof.LeftLeg, 1),
        6 => Mat3.Rx(-a[Dof.LeftLeg + Dof.Hinge]),
        7 => Trunk(a[Dof.LumbarFlex], a[Dof.LumbarLateral], a[Dof.LumbarTwist]),
        8 => Trunk(a[Dof.ThoraxFlex], a[Dof.ThoraxLateral], a[Dof.ThoraxTwist]),
        9 => Trunk(a[Dof.NeckFlex], a[Dof.NeckLateral], a[Dof.NeckTwist]),
        10 => Mat3.Rx(-a[Dof.HeadFlex]),
        12 => Limb(a, Dof.LeftArm, 1),
        13 => Mat3.Rx(a[Dof.LeftArm + Dof.Hinge]),
        15 => Limb(a, Dof.RightArm, -1),
        16 => Mat3.Rx(a[Dof.RightArm + Dof.Hinge]),
        _ => Mat3.Identity, // pelvis and clavicles are rigid
    };

    // Flexion about X, abduction about Y, axial rotation about Z; the right side mirrors the left
    // (mirroring X flips the sign of rotations about Y and Z).
    private static Mat3 Limb(ReadOnlySpan<double> a, int i, int mirror) =>
        Mat3.Rx(a[i + Dof.Flex]) * Mat3.Ry(mirror * a[i + Dof.Abduction]) * Mat3.Rz(mirror * a[i + Dof.Rotation]);

    private static Mat3 Trunk(double flex, double lateral, double twist) => Mat3.Rx(-flex) * Mat3.Ry(lateral) * Mat3.Rz(twist);
}

/// <summary>A 3×3 rotation matrix, row-major, doubles.</summary>
internal readonly struct Mat3
{
    private readonly double _a, _b, _c, _d, _e, _f, _g, _h, _i;

    private Mat3(double a, double b, double c, double d, double e, double f, double g, double h, double i) =>
        (_a, _b, _c, _d, _e, _f, _g, _h, _i) = (a, b, c, d, e, f, g, h, i);

    public static Mat3 Identity => new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    public static Mat3 Rx(double degrees)
    {
        var (s, c) = Math.SinCos(degrees * (Math.PI / 180));
        return new(1, 0, 0, 0, c, -s, 0, s, c);
    }

    public static Mat3 Ry(double degrees)
    {
        var (s, c) = Math.SinCos(degrees * (Math.PI / 180));
        return new(c, 0, s, 0, 1, 0, -s, 0, c);
    }

    public static Mat3 Rz(double degrees)
    {
        var (s, c) = Math.SinCos(degrees * (Math.PI / 180));
        return new(c, -s, 0, s, c, 0, 0, 0, 1);
    }

    public static Mat3 operator *(Mat3 m, Mat3 n) => new(
        m._a * n._a + m._b * n._d + m._c * n._g, m._a * n._b + m._b * n._e + m._c * n._h, m._a * n._c + m._b * n._f + m._c * n._i,
        m._d * n._a + m._e * n._d + m._f * n._g, m._d * n._b + m._e * n._e + m._f * n._h, m._d * n._c + m._e * n._f + m._f * n._i,
        m._g * n._a + m._h * n._d + m._i * n._g, m._g * n._b + m._h * n._e + m._i * n._h, m._g * n._c + m._h * n._f + m._i * n._i);

    public (double X, double Y, double Z) Apply((double X, double Y, double Z) v) =>
        (_a * v.X + _b * v.Y + _c * v.Z, _d * v.X + _e * v.Y + _f * v.Z, _g * v.X + _h * v.Y + _i * v.Z);
}
