using PoseML.Core;

namespace PoseML.Data.Synthetic;

/// <summary>The body of one synthetic subject: segment lengths in millimetres, left/right symmetric,
/// constant over all of the subject's takes. Heights span 1.5–1.95 m across subjects and limb ratios
/// (legs, trunk, arms, hip and shoulder widths, head) vary independently around Human3.6M-like
/// proportions.</summary>
/// <param name="Subject">Subject name, e.g. <c>SynthS1</c>.</param>
/// <param name="Height">Standing height (floor to head top), mm.</param>
/// <param name="AnkleHeight">Ankle joint above the floor when standing, mm.</param>
/// <param name="Shin">Knee to ankle, mm.</param>
/// <param name="Thigh">Hip joint to knee, mm.</param>
/// <param name="HipHalfWidth">Pelvis centre to each hip joint, mm.</param>
/// <param name="LowerSpine">Pelvis centre (Hip) to Spine, mm.</param>
/// <param name="UpperSpine">Spine to Thorax, mm.</param>
/// <param name="Neck">Thorax to the Neck/Nose joint, mm.</param>
/// <param name="Head">Neck/Nose joint to head top, mm.</param>
/// <param name="Clavicle">Thorax to each shoulder, mm.</param>
/// <param name="UpperArm">Shoulder to elbow, mm.</param>
/// <param name="Forearm">Elbow to wrist, mm.</param>
public sealed record BodyProportions(
    string Subject, double Height, double AnkleHeight, double Shin, double Thigh, double HipHalfWidth,
    double LowerSpine, double UpperSpine, double Neck, double Head, double Clavicle, double UpperArm, double Forearm)
{
    /// <summary>Lowest and highest standing height of a synthetic subject, mm.</summary>
    public const double MinHeight = 1500, MaxHeight = 1950;

    // Rest directions (body frame: X right, Y forward, Z up) of the bones that are not straight up/down.
    internal static readonly (double X, double Y, double Z) NeckDirection = Unit(0, 0.3, 0.954);
    internal static readonly (double X, double Y, double Z) HeadDirection = Unit(0, -0.15, 0.989);
    internal static readonly (double X, double Y, double Z) ClavicleDirection = Unit(0.96, 0, -0.28); // right side

    /// <summary>Length of the leg from hip joint to floor, mm.</summary>
    public double LegLength => Thigh + Shin + AnkleHeight;

    /// <summary>The body of subject <paramref name="subjectIndex"/> (0-based, named <c>SynthS{index+1}</c>)
    /// for <paramref name="seed"/>. Depends only on these two numbers.</summary>
    /// <exception cref="InvalidOptionException">Negative subject index.</exception>
    public static BodyProportions Sample(int subjectIndex, int seed)
    {
        if (subjectIndex < 0) throw new InvalidOptionException("subject", $"index must be ≥ 0, got {subjectIndex}");
        // Heights follow a golden-ratio sequence from a seeded start: any number of subjects is spread
        // over the range, and no two are alike.
        var start = new Random(SeedMix.Combine(seed, 0x5EED)).NextDouble();
        var fraction = (start + subjectIndex * 0.6180339887498949) % 1.0;
        var height = MinHeight + (MaxHeight - MinHeight) * fraction;
        var rng = new Random(SeedMix.Combine(seed, 0xB0D7, subjectIndex));
        double Factor(double spread) => 1 + spread * (2 * rng.NextDouble() - 1);
        var legs = Factor(0.07);
        var trunk = Factor(0.07);
        var arms = Factor(0.08);
        var hips = Factor(0.15);
        var shoulders = Factor(0.12);
        var head = Factor(0.08);
        var forearmRatio = Factor(0.05);
        // Human3.6M-like proportions for a 1.70 m body, then scaled to the sampled height.
        double ankle = 75, shin = 440 * legs, thigh = 440 * legs, lower = 230 * trunk, upper = 250 * trunk;
        double neck = 120 * head, headLength = 120 * head;
        var standing = ankle + shin + thigh + lower + upper + neck * NeckDirection.Z + headLength * HeadDirection.Z + HeadTopMargin;
        var s = height / standing;
        return new BodyProportions($"SynthS{subjectIndex + 1}", height, ankle * s, shin * s, thigh * s, 125 * hips * s,
            lower * s, upper * s, neck * s, headLength * s, 150 * shoulders * s, 280 * arms * s, 250 * arms * forearmRatio * s);
    }

    /// <summary>Top of the skull above the Head joint, mm (the Head joint is near the crown).</summary>
    internal const double HeadTopMargin = 20;

    private static (double X, double Y, double Z) Unit(double x, double y, double z)
    {
        var n = Math.Sqrt(x * x + y * y + z * z);
        return (x / n, y / n, z / n);
    }
}
