namespace PoseML.Data.Synthetic;

/// <summary>The joint-angle trajectories of one take: an action family's parametric movement
/// (sinusoids, smooth plateaus and pulses, periodic splines) with per-take random speed, amplitude,
/// phase, side, position and heading, plus a slow idle sway, clamped to the anatomical limits of
/// <see cref="Dof.Limits"/>. Every function of time here is continuous, so trajectories are smooth.</summary>
internal sealed class TakeMotion
{
    private const double Tau = 2 * Math.PI;
    private readonly SyntheticAction _action;
    private readonly BodyProportions _body;
    private readonly double[] _u = new double[24];
    private readonly (int Dof, double Amplitude, double Frequency, double Phase)[] _sway;
    private readonly double _cx, _cy;
    private readonly double _duration;

    public TakeMotion(SyntheticAction action, BodyProportions body, (double X, double Y) centre, double duration, int seed)
    {
        _action = action;
        _duration = duration;
        _body = body;
        (_cx, _cy) = centre;
        var rng = new Random(seed);
        for (var i = 0; i < _u.Length; i++) _u[i] = rng.NextDouble();
        (int Dof, double Lo, double Hi)[] swaying =
        [
            (Dof.NeckTwist, 2, 8), (Dof.NeckFlex, 2, 6), (Dof.LumbarLateral, 1, 3), (Dof.ThoraxTwist, 1, 4),
            (Dof.RightArm + Dof.Flex, 1, 5), (Dof.LeftArm + Dof.Flex, 1, 5), (Dof.RightArm + Dof.Abduction, 1, 3),
            (Dof.LeftArm + Dof.Abduction, 1, 3), (Dof.RightArm + Dof.Hinge, 2, 6), (Dof.LeftArm + Dof.Hinge, 2, 6),
        ];
        _sway = [.. swaying.Select(s => (s.Dof, s.Lo + (s.Hi - s.Lo) * rng.NextDouble(), 0.1 + 0.4 * rng.NextDouble(), Tau * rng.NextDouble()))];
    }

    /// <summary>Angles (degrees) and root placement at time <paramref name="t"/> seconds.</summary>
    public void Evaluate(double t, Span<double> a, out RootPlacement root)
    {
        a.Clear();
        // Relaxed stance: arms slightly away from the body, elbows and knees a little bent.
        foreach (var arm in Arms)
        {
            a[arm + Dof.Abduction] = 7;
            a[arm + Dof.Hinge] = 12;
        }
        a[Dof.RightLeg + Dof.Hinge] = a[Dof.LeftLeg + Dof.Hinge] = 3;
        // Stationary actions stand within 0.8 m of the capture centre, facing anywhere.
        var rho = 800 * Math.Sqrt(U(1));
        var alpha = Tau * U(2);
        root = new RootPlacement { X = _cx + rho * Math.Cos(alpha), Y = _cy + rho * Math.Sin(alpha) };
        a[Dof.RootYaw] = 360 * U(0);
        var phase0 = U(3);
        var side = U(4) < 0.5 ? Side.Right : Side.Left;
        var other = side == Side.Right ? Side.Left : Side.Right;
        var scale = R(5, 0.85, 1.1);
        var sign = U(6) < 0.5 ? -1 : 1;

        switch (_action)
        {
            case SyntheticAction.Walk:
                Locomotion(t, a, ref root, frequency: R(7, 0.85, 1.0), strideRatio: R(8, 1.45, 1.7), radius: R(9, 1300, 1700),
                    hipAmplitude: R(10, 18, 26) * scale, hipBias: 3, kneeBase: R(11, 3, 8), kneeAmplitude: R(12, 50, 62),
                    armAmplitude: R(13, 12, 25) * scale, elbowBase: R(14, 10, 20), elbowAmplitude: R(15, 5, 15), lean: R(16, 1, 5), lift: 0);
                break;
            case SyntheticAction.Run:
                Locomotion(t, a, ref root, frequency: R(7, 1.3, 1.45), strideRatio: R(8, 1.8, 2.2), radius: R(9, 1500, 1800),
                    hipAmplitude: R(10, 26, 34) * scale, hipBias: 12, kneeBase: R(11, 15, 25), kneeAmplitude: R(12, 65, 85),
                    armAmplitude: R(13, 30, 45) * scale, elbowBase: R(14, 75, 95), elbowAmplitude: R(15, 10, 20), lean: R(16, 6, 12), lift: R(17, 30, 70));
                break;
            case SyntheticAction.CrouchWalk:
                Locomotion(t, a, ref root, frequency: R(7, 0.6, 0.8), strideRatio: R(8, 0.9, 1.1), radius: R(9, 1100, 1500),
                    hipAmplitude: R(10, 15, 22) * scale, hipBias: R(18, 40, 55), kneeBase: R(11, 50, 65), kneeAmplitude: R(12, 30, 40),
                    armAmplitude: R(13, 8, 15), elbowBase: R(14, 30, 50), elbowAmplitude: R(15, 5, 15), lean: R(16, 15, 30), lift: 0);
                Pitch(a, R(19, 10, 20));
                a[Dof.NeckFlex] -= 20;
                break;
            case SyntheticAction.Turn:
            {
                var phi = Tau * (R(7, 0.8, 1.0) * t + phase0);
                Gait(a, phi, hipAmplitude: R(10, 6, 10), hipBias: 2, kneeBase: 4, kneeAmplitude: R(12, 20, 30),
                    armAmplitude: R(13, 3, 8), elbowBase: 15, elbowAmplitude: 5, lean: 2);
                var rate = R(8, 45, 90) * sign;          // degrees per second
                var period = R(9, 3, 6);
                a[Dof.RootYaw] += rate * (t - 0.3 * period / Tau * Math.Cos(Tau * t / period));
                break;
            }
            case SyntheticAction.SitDown:
            {
                var s = Plateau(t / R(7, 4.5, 6.5) + phase0);
                var thigh = R(8, 85, 95) * s;
                var pitch = R(9, 10, 20) * s + R(10, 15, 25) * 4 * s * (1 - s);
                foreach (var leg in Legs)
                {
                    a[leg + Dof.Flex] += thigh;
                    a[leg + Dof.Hinge] += thigh * R(11, 0.95, 1.05);
                    a[leg + Dof.Abduction] += R(12, 5, 12) * s;
                }
                Pitch(a, pitch);
                foreach (var arm in Arms)
                {
                    a[arm + Dof.Flex] += R(13, 10, 30) * s + 0.5 * pitch;
                    a[arm + Dof.Hinge] += R(14, 20, 50) * s;
                }
                a[Dof.NeckFlex] -= 0.4 * pitch;
                break;
            }
            case SyntheticAction.Squat:
            {
                var s = Plateau(t / R(7, 2.5, 4) + phase0) * scale;
                var thigh = R(8, 70, 90) * s;
                foreach (var leg in Legs)
                {
                    a[leg + Dof.Flex] += thigh;
                    a[leg + Dof.Hinge] += thigh + R(9, 20, 30) * s;
                    a[leg + Dof.Abduction] += R(10, 8, 15) * s;
                }
                var pitch = R(11, 25, 40) * s;
                Pitch(a, pitch);
                foreach (var arm in Arms)
                {
                    a[arm + Dof.Flex] += R(12, 60, 90) * s;
                    a[arm + Dof.Hinge] += R(13, 0, 15) * s;
                }
                a[Dof.NeckFlex] -= 0.5 * pitch;
                break;
            }
            case SyntheticAction.Reach:
            {
                var u = t / R(7, 3, 5) + phase0;
                var s = Plateau(u) * scale;
                // Arms alternate per cycle; each cycle starts and ends at rest (s = 0), so the switch is smooth.
                var reaching = ((long)Math.Floor(u) + (side == Side.Right ? 0 : 1)) % 2 == 0 ? Side.Right : Side.Left;
                var arm = Dof.Arm(reaching);
                var toward = reaching == Side.Right ? 1 : -1;
                a[arm + Dof.Flex] += R(8, 90, 170) * s;
                a[arm + Dof.Abduction] += R(9, 0, 60) * s;
                a[arm + Dof.Hinge] -= R(10, 0, 10) * s;
                a[Dof.Arm(reaching == Side.Right ? Side.Left : Side.Right) + Dof.Flex] += R(11, 0, 20) * s;
                a[Dof.LumbarLateral] += toward * R(12, 0, 10) * s;
                a[Dof.ThoraxTwist] += toward * R(13, 0, 15) * s;
                a[Dof.NeckFlex] -= R(14, 0, 25) * s;
                break;
            }
            case SyntheticAction.Wave:
            {
                var s = Plateau(t / R(7, 4, 6) + phase0);
                var arm = Dof.Arm(side);
                var wave = Math.Sin(Tau * R(8, 1.5, 2.5) * t);
                a[arm + Dof.Abduction] += R(9, 100, 140) * s;
                a[arm + Dof.Flex] += R(10, 10, 30) * s;
                a[arm + Dof.Rotation] += (R(11, 60, 85) + 8 * wave) * s;
                a[arm + Dof.Hinge] += (R(12, 20, 40) + R(13, 25, 40) * (0.5 + 0.5 * wave)) * s;
                a[Dof.NeckTwist] += (side == Side.Right ? -1 : 1) * R(14, 0, 20) * s;
                a[Dof.LumbarLateral] += (side == Side.Right ? -1 : 1) * R(15, 0, 6) * s;
                break;
            }
            case SyntheticAction.Kick:
            {
                var w = Frac(t / R(7, 1.6, 2.4) + phase0);
                var p = Pulse(w, 0, 0.55);
                var x = Math.Clamp(w / 0.55, 0, 1);
                var leg = Dof.Leg(side);
                a[leg + Dof.Flex] += R(8, 60, 90) * scale * p;
                a[leg + Dof.Hinge] += R(9, 50, 80) * Math.Pow(Math.Sin(Tau * x), 2);
                Pitch(a, -R(10, 5, 15) * p);
                a[Dof.Arm(other) + Dof.Flex] += R(11, 20, 40) * p;
                a[Dof.Arm(side) + Dof.Flex] -= R(12, 10, 30) * p;
                a[Dof.RightArm + Dof.Abduction] += R(13, 20, 40) * p;
                a[Dof.LeftArm + Dof.Abduction] += R(13, 20, 40) * p;
                break;
            }
            case SyntheticAction.Jump:
            {
                var period = R(7, 1.2, 1.6);
                var u = t / period + phase0;
                var w = Frac(u);
                var crouch = Pulse(w, 0, 0.45) + 0.6 * Pulse(w, 0.72, 1.0);
                var flight = w is > 0.45 and < 0.75 ? (w - 0.45) / 0.3 : -1;
                var flightTime = 0.3 * period;
                var height = 9810 * flightTime * flightTime / 8; // ballistic: apex g·T²/8 for a flight of T seconds
                var pitch = R(9, 20, 35) * crouch;
                foreach (var leg in Legs)
                {
                    a[leg + Dof.Flex] += R(10, 50, 70) * crouch + 8 * Pulse(w, 0.45, 0.75);
                    a[leg + Dof.Hinge] += R(11, 70, 95) * crouch + 10 * Pulse(w, 0.45, 0.75);
                }
                Pitch(a, pitch);
                var up = R(12, 90, 140) * Pulse(w, 0.2, 0.95);
                foreach (var arm in Arms)
                {
                    a[arm + Dof.Flex] += up - R(13, 30, 50) * Pulse(w, 0, 0.4);
                    a[arm + Dof.Hinge] += 10 * crouch;
                }
                if (flight >= 0) root.Lift = height * 4 * flight * (1 - flight);
                // Optional forward hop per jump, centred so the whole take stays near its spot.
                var hop = R(14, 0, 250);
                var hops = Math.Floor(u) + (flight >= 0 ? Smooth(flight) : w >= 0.75 ? 1 : 0);
                var travel = hop * (hops - (0.5 * _duration / period + phase0));
                var (hx, hy) = Heading(a[Dof.RootYaw]);
                root.X += hx * travel;
                root.Y += hy * travel;
                break;
            }
            case SyntheticAction.Bend:
            {
                var s = Plateau(t / R(7, 3.5, 5) + phase0) * scale;
                var pitch = R(8, 55, 80) * s;
                var lumbar = R(9, 15, 30) * s;
                var thorax = R(10, 5, 15) * s;
                Pitch(a, pitch);
                a[Dof.LumbarFlex] += lumbar;
                a[Dof.ThoraxFlex] += thorax;
                foreach (var leg in Legs)
                {
                    var knee = R(11, 5, 20) * s;
                    a[leg + Dof.Flex] += 0.5 * knee;
                    a[leg + Dof.Hinge] += knee;
                }
                a[Dof.NeckFlex] -= R(12, 10, 25) * s;
                foreach (var arm in Arms)
                {
                    a[arm + Dof.Flex] += (pitch + lumbar + thorax) * R(13, 0.85, 1.05);
                    a[arm + Dof.Hinge] += R(14, 0, 15) * s;
                }
                break;
            }
            case SyntheticAction.Lunge:
            {
                var u = t / R(7, 2.5, 4) + phase0;
                var s = Plateau(u) * scale;
                var front = ((long)Math.Floor(u) + (side == Side.Right ? 0 : 1)) % 2 == 0 ? Side.Right : Side.Left;
                var back = front == Side.Right ? Side.Left : Side.Right;
                a[Dof.Leg(front) + Dof.Flex] += R(8, 75, 95) * s;
                a[Dof.Leg(front) + Dof.Hinge] += R(9, 80, 100) * s;
                a[Dof.Leg(back) + Dof.Flex] -= R(10, 10, 20) * s;
                a[Dof.Leg(back) + Dof.Hinge] += R(11, 70, 90) * s;
                Pitch(a, R(12, 0, 10) * s);
                foreach (var arm in Arms)
                {
                    a[arm + Dof.Abduction] += R(13, 10, 25) * s;
                    a[arm + Dof.Hinge] += R(14, 20, 70) * s;
                }
                break;
            }
            case SyntheticAction.Throw:
            {
                var w = Frac(t / R(7, 2.2, 3.2) + phase0);
                var k = scale;
                var arm = Dof.Arm(side);
                var toward = side == Side.Right ? 1 : -1;
                a[arm + Dof.Flex] += k * Spline(w, ThrowTimes, ThrowFlex);
                a[arm + Dof.Abduction] += k * Spline(w, ThrowTimes, ThrowAbduction);
                a[arm + Dof.Rotation] += k * Spline(w, ThrowTimes, ThrowRotation);
                a[arm + Dof.Hinge] += k * Spline(w, ThrowTimes, ThrowElbow);
                a[Dof.ThoraxTwist] += toward * k * Spline(w, ThrowTimes, ThrowTwist);
                a[Dof.LumbarTwist] += toward * 0.5 * k * Spline(w, ThrowTimes, ThrowTwist);
                a[Dof.LumbarFlex] += k * Spline(w, ThrowTimes, ThrowLean);
                a[Dof.Leg(other) + Dof.Flex] += k * Spline(w, ThrowTimes, ThrowStepHip);
                a[Dof.Leg(other) + Dof.Hinge] += k * Spline(w, ThrowTimes, ThrowStepKnee);
                a[Dof.Arm(other) + Dof.Flex] += R(8, 10, 40) * Pulse(w, 0.2, 0.7);
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(_action), _action, "unknown action");
        }

        foreach (var (dof, amplitude, frequency, phase) in _sway)
            a[dof] += amplitude * Math.Sin(Tau * frequency * t + phase);
        for (var i = 0; i < Dof.Count; i++)
        {
            var (min, max) = Dof.Limits[i];
            a[i] = Math.Clamp(a[i], min, max);
        }
    }

    private void Locomotion(double t, Span<double> a, ref RootPlacement root, double frequency, double strideRatio, double radius,
        double hipAmplitude, double hipBias, double kneeBase, double kneeAmplitude, double armAmplitude, double elbowBase,
        double elbowAmplitude, double lean, double lift)
    {
        var phi = Tau * (frequency * t + U(3));
        a[Dof.RootYaw] = 0;
        Gait(a, phi, hipAmplitude, hipBias, kneeBase, kneeAmplitude, armAmplitude, elbowBase, elbowAmplitude, lean);
        // A circle around the capture centre: heading follows the tangent, so the subject keeps turning.
        var speed = frequency * strideRatio * (_body.LegLength); // mm/s: one stride (two steps) per gait cycle
        var direction = U(6) < 0.5 ? -1 : 1;
        var theta = Tau * U(0) + direction * speed * t / radius;
        root.X = _cx + radius * Math.Cos(theta);
        root.Y = _cy + radius * Math.Sin(theta);
        a[Dof.RootYaw] += theta * (180 / Math.PI) + (direction < 0 ? 180 : 0);
        // Flight around maximal leg spread (sin² φ near 1), stance around the crossings (≈ 44 % of the cycle on the ground).
        var spread = Math.Max(0, Math.Pow(Math.Sin(phi), 2) - 0.4) / 0.6;
        root.Lift = lift * spread * spread;
    }

    // One gait cycle per 2π of phi; right leg forward at phi = π/2, left at 3π/2; arms swing opposite.
    private static void Gait(Span<double> a, double phi, double hipAmplitude, double hipBias, double kneeBase, double kneeAmplitude,
        double armAmplitude, double elbowBase, double elbowAmplitude, double lean)
    {
        var sin = Math.Sin(phi);
        a[Dof.RightLeg + Dof.Flex] += hipBias + hipAmplitude * sin;
        a[Dof.LeftLeg + Dof.Flex] += hipBias - hipAmplitude * sin;
        a[Dof.RightLeg + Dof.Hinge] += kneeBase + kneeAmplitude * Bump(phi);
        a[Dof.LeftLeg + Dof.Hinge] += kneeBase + kneeAmplitude * Bump(phi + Math.PI);
        a[Dof.RightArm + Dof.Flex] += 5 - armAmplitude * sin;
        a[Dof.LeftArm + Dof.Flex] += 5 + armAmplitude * sin;
        a[Dof.RightArm + Dof.Hinge] += elbowBase + elbowAmplitude * (0.5 - 0.5 * sin);
        a[Dof.LeftArm + Dof.Hinge] += elbowBase + elbowAmplitude * (0.5 + 0.5 * sin);
        a[Dof.RightArm + Dof.Abduction] += 3;
        a[Dof.LeftArm + Dof.Abduction] += 3;
        a[Dof.LumbarFlex] += lean;
        a[Dof.RootYaw] += 5 * sin;               // pelvis rotation with the stride
        a[Dof.ThoraxTwist] -= 6 * sin;           // shoulders counter-rotate
        a[Dof.RootRoll] += 3 * Math.Sin(2 * phi);
    }

    // Tilts the pelvis forward while the thighs keep their orientation in the world.
    private static void Pitch(Span<double> a, double degrees)
    {
        a[Dof.RootPitch] += degrees;
        a[Dof.RightLeg + Dof.Flex] += degrees;
        a[Dof.LeftLeg + Dof.Flex] += degrees;
    }

    private double U(int i) => _u[i];

    private double R(int i, double lo, double hi) => lo + (hi - lo) * _u[i];

    private static (double X, double Y) Heading(double yawDegrees)
    {
        var (s, c) = Math.SinCos(yawDegrees * (Math.PI / 180));
        return (-s, c);
    }

    private static double Frac(double x) => x - Math.Floor(x);

    // 1 at x = 0 (mod 2π), 0 at x = π, smooth.
    private static double Bump(double x) => Math.Pow(0.5 + 0.5 * Math.Cos(x), 2);

    private static double Smooth(double x) => x * x * (3 - 2 * x);

    // Periodic 0 → 1 → 0 with rests at both ends (C1): holds at 0 near integers and at 1 near half-integers.
    private static double Plateau(double u)
    {
        var s = 0.5 - 0.5 * Math.Cos(Tau * u);
        return Smooth(Math.Clamp((s - 0.15) / 0.7, 0, 1));
    }

    // sin² bump on [start, end] of the unit cycle, 0 elsewhere (C1).
    private static double Pulse(double w, double start, double end)
    {
        if (w <= start || w >= end) return 0;
        var x = Math.Sin(Math.PI * (w - start) / (end - start));
        return x * x;
    }

    // Periodic cubic Hermite (Catmull–Rom tangents) through keyframes at times in [0, 1), last = first.
    private static double Spline(double w, double[] times, double[] values)
    {
        var n = times.Length - 1; // the last key repeats the first at time 1
        var k = 0;
        while (k < n - 1 && w >= times[k + 1]) k++;
        double T(int i) => i < 0 ? times[i + n] - 1 : i > n ? times[i - n] + 1 : times[i];
        double V(int i) => values[((i % n) + n) % n];
        var t0 = T(k);
        var t1 = T(k + 1);
        var m0 = (V(k + 1) - V(k - 1)) / (T(k + 1) - T(k - 1)) * (t1 - t0);
        var m1 = (V(k + 2) - V(k)) / (T(k + 2) - T(k)) * (t1 - t0);
        var x = (w - t0) / (t1 - t0);
        var x2 = x * x;
        var x3 = x2 * x;
        return (2 * x3 - 3 * x2 + 1) * V(k) + (x3 - 2 * x2 + x) * m0 + (-2 * x3 + 3 * x2) * V(k + 1) + (x3 - x2) * m1;
    }

    private static readonly int[] Arms = [Dof.RightArm, Dof.LeftArm];
    private static readonly int[] Legs = [Dof.RightLeg, Dof.LeftLeg];

    private static readonly double[] ThrowTimes = [0, 0.35, 0.5, 0.6, 0.8, 1];
    private static readonly double[] ThrowFlex = [0, 15, 85, 115, 35, 0];
    private static readonly double[] ThrowAbduction = [0, 85, 75, 35, 15, 0];
    private static readonly double[] ThrowRotation = [0, 80, 20, -30, -10, 0];
    private static readonly double[] ThrowElbow = [0, 80, 35, 0, 15, 0];
    private static readonly double[] ThrowTwist = [0, -22, 8, 22, 8, 0];
    private static readonly double[] ThrowLean = [0, -5, 8, 18, 6, 0];
    private static readonly double[] ThrowStepHip = [0, 10, 25, 20, 10, 0];
    private static readonly double[] ThrowStepKnee = [0, 12, 18, 22, 12, 0];
}
