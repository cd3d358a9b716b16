using SkiaSharp;

namespace PoseML.Vision.Images.Rendering;

/// <summary>Paints a varied room-like background: a wall and a floor meeting at a horizon, each with a
/// gradient, and a few pieces of clutter (panels, doors, windows, blobs) behind the person.</summary>
internal sealed class BackgroundPainter
{
    private readonly SKPaint _paint = new() { IsAntialias = true, Style = SKPaintStyle.Fill };

    public void Paint(SKCanvas canvas, int size, SceneStyle scene)
    {
        var horizon = scene.Horizon * size;
        _paint.Color = SKColors.Black; // opaque: shaders draw at the paint's alpha
        using (var wall = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, horizon),
                   [scene.Lit(scene.Wall, 1.1f), scene.Lit(scene.Wall, 0.8f)], SKShaderTileMode.Clamp))
        {
            _paint.Shader = wall;
            canvas.DrawRect(0, 0, size, horizon, _paint);
        }
        using (var floor = SKShader.CreateLinearGradient(new SKPoint(0, horizon), new SKPoint(0, size),
                   [scene.Lit(scene.Floor, 0.65f), scene.Lit(scene.Floor, 1.0f)], SKShaderTileMode.Clamp))
        {
            _paint.Shader = floor;
            canvas.DrawRect(0, horizon, size, size - horizon, _paint);
        }
        _paint.Shader = null;
        var rng = new Random(scene.Seed);
        var items = 2 + rng.Next(6);
        for (var i = 0; i < items; i++)
        {
            var colour = SKColor.FromHsv(360 * rng.NextSingle(), 10 + 60 * rng.NextSingle(), 15 + 80 * rng.NextSingle());
            _paint.Color = scene.Lit(colour, 0.9f).WithAlpha((byte)(150 + rng.Next(106)));
            var x = (rng.NextSingle() * 1.2f - 0.1f) * size;
            var w = (0.08f + 0.35f * rng.NextSingle()) * size;
            switch (rng.Next(3))
            {
                case 0: // panel, door or window standing on the horizon
                    var h = (0.15f + 0.5f * rng.NextSingle()) * size;
                    canvas.DrawRect(x, horizon - h + rng.NextSingle() * 0.1f * size, w, h, _paint);
                    break;
                case 1: // object on the floor
                    var y = horizon + rng.NextSingle() * (size - horizon);
                    canvas.DrawRoundRect(x, y - w * 0.3f, w, w * 0.45f, w * 0.1f, w * 0.1f, _paint);
                    break;
                default: // round shape on the wall
                    canvas.DrawOval(new SKRect(x, rng.NextSingle() * horizon, x + w, rng.NextSingle() * horizon + w * 0.6f), _paint);
                    break;
            }
        }
        // A light stripe across the wall now and then (a shelf or a skirting board).
        if (rng.NextDouble() < 0.5)
        {
            _paint.Color = scene.Lit(scene.Wall, 0.55f);
            canvas.DrawRect(0, horizon - 0.025f * size, size, 0.025f * size, _paint);
        }
    }
}
