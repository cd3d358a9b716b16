using SkiaSharp;

namespace PoseML.Vision.Images.Rendering;

/// <summary>How one subject looks in every rendered image: skin, hair, shirt, trousers and shoe colours,
/// sleeve and leg lengths of the clothes, and girth (limb and torso thickness). Drawn from the subject's name
/// and the render seed only, so a subject looks the same in every frame and camera.</summary>
/// <param name="Skin">Skin colour.</param>
/// <param name="Hair">Hair colour.</param>
/// <param name="Shirt">Shirt colour (torso, upper arms, forearms with long sleeves).</param>
/// <param name="Trousers">Trouser colour (thighs, shins with long legs).</param>
/// <param name="Shoes">Shoe colour.</param>
/// <param name="LongSleeves">True when the forearms are clothed.</param>
/// <param name="LongTrousers">True when the shins are clothed.</param>
/// <param name="Girth">Thickness factor of limbs and torso (about 0.85–1.25).</param>
public sealed record PersonAppearance(SKColor Skin, SKColor Hair, SKColor Shirt, SKColor Trousers, SKColor Shoes,
    bool LongSleeves, bool LongTrousers, float Girth)
{
    /// <summary>The appearance of <paramref name="subject"/> under <paramref name="seed"/>.</summary>
    public static PersonAppearance For(string subject, int seed)
    {
        var rng = new Random(RenderSeed.Of(seed, "appearance", subject));
        // Skin tones from light to dark along a warm hue band; hair dark to blond.
        var skinTone = rng.NextSingle();
        var skin = SKColor.FromHsv(18 + 14 * rng.NextSingle(), 30 + 35 * skinTone, 95 - 62 * skinTone);
        var hair = SKColor.FromHsv(20 + 25 * rng.NextSingle(), 35 + 40 * rng.NextSingle(), 8 + 70 * rng.NextSingle() * rng.NextSingle());
        var shirt = SKColor.FromHsv(360 * rng.NextSingle(), 20 + 75 * rng.NextSingle(), 25 + 70 * rng.NextSingle());
        var trousers = SKColor.FromHsv(360 * rng.NextSingle(), 10 + 60 * rng.NextSingle(), 15 + 60 * rng.NextSingle());
        var shoes = SKColor.FromHsv(360 * rng.NextSingle(), 10 + 40 * rng.NextSingle(), 10 + 60 * rng.NextSingle());
        return new PersonAppearance(skin, hair, shirt, trousers, shoes, rng.NextDouble() < 0.6, rng.NextDouble() < 0.75, 0.85f + 0.4f * rng.NextSingle());
    }
}
