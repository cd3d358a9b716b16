using SkiaSharp;

namespace PoseML.Vision.Images.Rendering;

/// <summary>The scene of one rendered image: wall and floor colours and the horizon, background clutter,
/// the light's direction (in the image plane) and its brightness and tint. Drawn per row from the row's keys
/// and the seed.</summary>
internal sealed class SceneStyle
{
    public required SKColor Wall { get; init; }
    public required SKColor Floor { get; init; }
    public required float Horizon { get; init; }
    public required (float X, float Y) Light { get; init; }
    public required float Brightness { get; init; }
    public required (float R, float G, float B) Tint { get; init; }
    public required int Seed { get; init; }

    /// <summary>Standard deviation of the per-pixel sensor noise, in [0, 1] units.</summary>
    public required float Noise { get; init; }

    public static SceneStyle Draw(Random rng) => new()
    {
        Wall = SKColor.FromHsv(360 * rng.NextSingle(), 5 + 45 * rng.NextSingle(), 30 + 65 * rng.NextSingle()),
        Floor = SKColor.FromHsv(360 * rng.NextSingle(), 5 + 40 * rng.NextSingle(), 15 + 55 * rng.NextSingle()),
        Horizon = 0.3f + 0.45f * rng.NextSingle(),
        Light = Direction(rng),
        Brightness = 0.7f + 0.5f * rng.NextSingle(),
        Tint = (0.85f + 0.15f * rng.NextSingle(), 0.85f + 0.15f * rng.NextSingle(), 0.85f + 0.15f * rng.NextSingle()),
        Seed = rng.Next(),
        Noise = 0.03f * rng.NextSingle(),
    };

    /// <summary>A colour under this scene's light: scaled by brightness·<paramref name="shade"/> and tinted.</summary>
    public SKColor Lit(SKColor c, float shade)
    {
        var k = Brightness * shade;
        return new SKColor(Clamp(c.Red * k * Tint.R), Clamp(c.Green * k * Tint.G), Clamp(c.Blue * k * Tint.B));
    }

    private static byte Clamp(float v) => (byte)Math.Clamp(v + 0.5f, 0, 255);

    private static (float, float) Direction(Random rng)
    {
        // Mostly from above, from either side.
        var angle = (float)(-Math.PI / 2 + (rng.NextDouble() - 0.5) * 2.2);
        return (MathF.Cos(angle), MathF.Sin(angle));
    }
}
