namespace PoseML.Data.Synthetic;

/// <summary>The degrees of freedom of the kinematic model, in degrees, indexed by the constants below.
/// Signs: flexion positive moves a limb forward (knee and elbow flexion fold the joint), abduction
/// positive moves it away from the midline, rotation positive is external; trunk flexion positive
/// bends forward; root pitch positive tilts the pelvis forward.</summary>
internal static class Dof
{
    public const int RootYaw = 0, RootPitch = 1, RootRoll = 2;
    public const int RightLeg = 3, LeftLeg = 7;      // + Flex, Abduction, Rotation, Knee
    public const int LumbarFlex = 11, LumbarLateral = 12, LumbarTwist = 13;
    public const int ThoraxFlex = 14, ThoraxLateral = 15, ThoraxTwist = 16;
    public const int NeckFlex = 17, NeckLateral = 18, NeckTwist = 19, HeadFlex = 20;
    public const int RightArm = 21, LeftArm = 25;    // + Flex, Abduction, Rotation, Elbow
    public const int Count = 29;

    public const int Flex = 0, Abduction = 1, Rotation = 2, Hinge = 3;

    public static int Leg(Side side) => side == Side.Right ? RightLeg : LeftLeg;
    public static int Arm(Side side) => side == Side.Right ? RightArm : LeftArm;

    /// <summary>Anatomical ranges (degrees) every generated angle is clamped to.</summary>
    public static readonly (double Min, double Max)[] Limits = BuildLimits();

    private static (double, double)[] BuildLimits()
    {
        var l = new (double, double)[Count];
        l[RootYaw] = (double.NegativeInfinity, double.PositiveInfinity);
        l[RootPitch] = (-20, 90);
        l[RootRoll] = (-15, 15);
        foreach (var leg in new[] { RightLeg, LeftLeg })
        {
            l[leg + Flex] = (-25, 125);
            l[leg + Abduction] = (-25, 45);
            l[leg + Rotation] = (-35, 40);
            l[leg + Hinge] = (0, 150);
        }
        l[LumbarFlex] = (-20, 50); l[LumbarLateral] = (-20, 20); l[LumbarTwist] = (-25, 25);
        l[ThoraxFlex] = (-15, 30); l[ThoraxLateral] = (-15, 15); l[ThoraxTwist] = (-25, 25);
        l[NeckFlex] = (-40, 45); l[NeckLateral] = (-30, 30); l[NeckTwist] = (-60, 60); l[HeadFlex] = (-20, 20);
        foreach (var arm in new[] { RightArm, LeftArm })
        {
            l[arm + Flex] = (-50, 175);
            l[arm + Abduction] = (-20, 170);
            l[arm + Rotation] = (-70, 90);
            l[arm + Hinge] = (0, 150);
        }
        return l;
    }
}

/// <summary>Body side.</summary>
internal enum Side
{
    Right,
    Left,
}

/// <summary>Where the body is: pelvis position on the floor plane (world mm) and extra height above
/// the ground contact (flight phases).</summary>
internal struct RootPlacement
{
    public double X, Y, Lift;
}
