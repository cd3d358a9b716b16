using PoseML.Data.Cameras;
using PoseML.Vision.Images.Cropping;
using SkiaSharp;

namespace PoseML.Vision.Images.Rendering;

/// <summary>Draws a Human3.6M-17 pose as a person with volume: tapered, shaded capsules for limbs, neck and
/// spine, a rounded polygon for the torso, a head with hair and face, hands and feet, all sorted far to near by
/// camera depth. Shapes are 3D (millimetres, camera frame) and projected through the camera's own lens model,
/// so they line up with the 2D labels exactly.</summary>
internal sealed class PersonPainter
{
    private const int Hip = 0, RHip = 1, RKnee = 2, RFoot = 3, LHip = 4, LKnee = 5, LFoot = 6, Spine = 7, Thorax = 8,
        Neck = 9, Head = 10, LShoulder = 11, LElbow = 12, LWrist = 13, RShoulder = 14, RElbow = 15, RWrist = 16;

    private readonly List<(double Depth, int Order, Action<SKCanvas> Draw)> _parts = new(24);
    private readonly SKPaint _paint = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPathBuilder _path = new();
    private CameraIntrinsics _camera = null!;
    private CropToImage _crop;
    private SceneStyle _scene = null!;

    /// <summary>Paints the person of <paramref name="pose"/> (17×3, mm, camera frame) seen by
    /// <paramref name="camera"/> into a canvas whose device pixels are the crop's.</summary>
    public void Paint(SKCanvas canvas, ReadOnlySpan<float> pose, CameraIntrinsics camera, CropToImage crop, PersonAppearance look, SceneStyle scene)
    {
        _camera = camera;
        _crop = crop;
        _scene = scene;
        var p = new V[17];
        for (var j = 0; j < 17; j++) p[j] = new V(pose[3 * j], pose[3 * j + 1], pose[3 * j + 2]);
        foreach (var v in p)
        {
            if (!(v.Z > 50) || !double.IsFinite(v.X) || !double.IsFinite(v.Y)) return; // behind or at the camera: nothing sensible to draw
        }
        var g = look.Girth;
        var right = (p[RHip] - p[LHip]).Unit();
        var up = (p[Thorax] - p[Hip]).Unit();
        var forward = V.Cross(up, right).Unit();
        _parts.Clear();
        var order = 0;

        // Ground shadow first (always behind the person).
        DrawShadow(canvas, p, g);

        // Legs, feet.
        foreach (var (hip, knee, foot) in new[] { (RHip, RKnee, RFoot), (LHip, LKnee, LFoot) })
        {
            AddCapsule(p[hip], p[knee], 95 * g, 68 * g, look.Trousers, order++);
            AddCapsule(p[knee], p[foot], 62 * g, 45 * g, look.LongTrousers ? look.Trousers : look.Skin, order++);
            var tip = p[foot] + forward * 150 - up * 45;
            AddCapsule(p[foot] - up * 15, tip, 40, 34, look.Shoes, order++);
        }
        // Torso: rounded quadrilateral between shoulders and hips, plus a spine capsule so it has depth side-on.
        var rs = p[RShoulder] + (p[RShoulder] - p[Thorax]) * 0.12;
        var ls = p[LShoulder] + (p[LShoulder] - p[Thorax]) * 0.12;
        var lh = p[LHip] + (p[LHip] - p[Hip]) * 0.45;
        var rh = p[RHip] + (p[RHip] - p[Hip]) * 0.45;
        var torsoDepth = (rs.Z + ls.Z + lh.Z + rh.Z + p[Spine].Z) / 5;
        var shirt = look.Shirt;
        _parts.Add((torsoDepth, order++, c => DrawTorso(c, rs, ls, lh, rh, p[Hip], p[Spine], p[Thorax], 60 * g, 105 * g, shirt)));
        // Arms, hands.
        foreach (var (shoulder, elbow, wrist) in new[] { (RShoulder, RElbow, RWrist), (LShoulder, LElbow, LWrist) })
        {
            AddCapsule(p[shoulder], p[elbow], 58 * g, 46 * g, look.Shirt, order++);
            AddCapsule(p[elbow], p[wrist], 44 * g, 34 * g, look.LongSleeves ? look.Shirt : look.Skin, order++);
            var hand = p[wrist] + (p[wrist] - p[elbow]).Unit() * 65;
            AddCapsule(p[wrist], hand, 34, 38, look.Skin, order++);
        }
        // Neck and head.
        var axis = p[Head] - p[Neck];
        var length = Math.Max(axis.Length, 60);
        var a = axis.Unit();
        AddCapsule(p[Thorax], p[Neck] + axis * 0.2, 48 * g, 44 * g, look.Skin, order++);
        var centre = p[Neck] + a * (0.45 * length);
        var radius = 0.78 * length;
        var hairCentre = centre + a * (0.12 * length) - forward * (0.14 * length);
        var faceCentre = centre + forward * (0.06 * length);
        var facing = forward.Z < 0; // towards the camera
        var skin = look.Skin;
        var hairColour = look.Hair;
        var eyeLevel = faceCentre + a * (0.1 * length) + forward * (0.72 * radius);
        var eyes = (eyeLevel + right * (0.3 * radius), eyeLevel - right * (0.3 * radius));
        var nose = faceCentre + forward * (0.95 * radius) - a * (0.12 * length);
        _parts.Add((centre.Z, order++, c =>
        {
            if (facing)
            {
                DrawBall(c, hairCentre, radius * 1.02, hairColour);
                DrawBall(c, faceCentre, radius, skin);
                DrawFace(c, eyes.Item1, eyes.Item2, nose, radius, skin);
            }
            else
            {
                DrawBall(c, faceCentre, radius, skin);
                DrawBall(c, hairCentre, radius * 1.02, hairColour);
            }
        }));

        // Far to near; ties keep the listed order.
        _parts.Sort((x, y) => x.Depth != y.Depth ? y.Depth.CompareTo(x.Depth) : x.Order.CompareTo(y.Order));
        foreach (var part in _parts) part.Draw(canvas);
        SetShader(null);
    }

    private void AddCapsule(V from, V to, double r1, double r2, SKColor colour, int order) =>
        _parts.Add(((from.Z + to.Z) / 2, order, c => DrawCapsule(c, from, to, r1, r2, colour)));

    private void DrawCapsule(SKCanvas canvas, V from, V to, double r1, double r2, SKColor colour)
    {
        var a = Project(from);
        var b = Project(to);
        var ra = Radius(r1, from.Z);
        var rb = Radius(r2, to.Z);
        var dx = b.X - a.X;
        var dy = b.Y - a.Y;
        var len = MathF.Sqrt(dx * dx + dy * dy);
        _path.Reset();
        var (nx, ny) = len > 1e-4f ? (-dy / len, dx / len) : (_scene.Light.X, _scene.Light.Y);
        if (len > 1e-4f)
        {
            _path.MoveTo(a.X + nx * ra, a.Y + ny * ra);
            _path.LineTo(b.X + nx * rb, b.Y + ny * rb);
            _path.LineTo(b.X - nx * rb, b.Y - ny * rb);
            _path.LineTo(a.X - nx * ra, a.Y - ny * ra);
            _path.Close();
        }
        var r = Math.Max(ra, rb);
        var mx = (a.X + b.X) / 2;
        var my = (a.Y + b.Y) / 2;
        Shade(mx, my, nx, ny, r, colour);
        canvas.DrawCircle(a, ra, _paint);
        canvas.DrawCircle(b, rb, _paint);
        if (len > 1e-4f)
        {
            using var path = _path.Detach();
            canvas.DrawPath(path, _paint);
        }
    }

    private void DrawTorso(SKCanvas canvas, V rs, V ls, V lh, V rh, V hip, V spine, V thorax, double edge, double depthRadius, SKColor colour)
    {
        // Spine volume first, then the flat front over it, with the same paint.
        DrawCapsule(canvas, hip, thorax, depthRadius * 0.95, depthRadius, colour);
        DrawCapsule(canvas, spine, thorax, depthRadius, depthRadius * 1.05, colour);
        var q = new[] { Project(rs), Project(ls), Project(lh), Project(rh) };
        _path.Reset();
        _path.MoveTo(q[0]);
        for (var i = 1; i < 4; i++) _path.LineTo(q[i]);
        _path.Close();
        var w = 2 * Radius(edge, (rs.Z + lh.Z) / 2);
        // Shade across the shoulders' line.
        var sx = q[1].X - q[0].X;
        var sy = q[1].Y - q[0].Y;
        var sl = MathF.Sqrt(sx * sx + sy * sy);
        var (nx, ny) = sl > 1e-4f ? (sx / sl, sy / sl) : (_scene.Light.X, _scene.Light.Y);
        var cx = (q[0].X + q[1].X + q[2].X + q[3].X) / 4;
        var cy = (q[0].Y + q[1].Y + q[2].Y + q[3].Y) / 4;
        Shade(cx, cy, nx, ny, sl / 2 + w / 2, colour);
        _paint.Style = SKPaintStyle.StrokeAndFill;
        _paint.StrokeWidth = w;
        _paint.StrokeJoin = SKStrokeJoin.Round;
        using (var path = _path.Detach()) canvas.DrawPath(path, _paint);
        _paint.Style = SKPaintStyle.Fill;
    }

    private void DrawBall(SKCanvas canvas, V centre, double radius, SKColor colour)
    {
        var c = Project(centre);
        var r = Radius(radius, centre.Z);
        var light = _scene.Light;
        SetShader(SKShader.CreateRadialGradient(
            new SKPoint(c.X + light.X * r * 0.45f, c.Y + light.Y * r * 0.45f), r * 1.45f,
            [_scene.Lit(colour, 1.2f), _scene.Lit(colour, 0.85f), _scene.Lit(colour, 0.45f)], [0f, 0.5f, 1f], SKShaderTileMode.Clamp));
        canvas.DrawCircle(c, r, _paint);
    }

    // Eyes and nose on the visible face: an orientation cue (which way the person faces, hence left from right).
    private void DrawFace(SKCanvas canvas, V eye1, V eye2, V nose, double radius, SKColor skin)
    {
        SetShader(null);
        _paint.Color = _scene.Lit(new SKColor(40, 30, 30), 1f);
        canvas.DrawCircle(Project(eye1), Radius(0.11 * radius, eye1.Z), _paint);
        canvas.DrawCircle(Project(eye2), Radius(0.11 * radius, eye2.Z), _paint);
        _paint.Color = _scene.Lit(skin, 0.7f);
        canvas.DrawCircle(Project(nose), Radius(0.13 * radius, nose.Z), _paint);
    }

    private void DrawShadow(SKCanvas canvas, V[] p, float girth)
    {
        var l = Project(p[LFoot]);
        var r = Project(p[RFoot]);
        var hipWidth = Radius((p[RHip] - p[LHip]).Length + 200 * girth, (p[LFoot].Z + p[RFoot].Z) / 2);
        var spread = MathF.Abs(l.X - r.X);
        var rx = spread / 2 + hipWidth * 0.6f;
        var y = Math.Max(l.Y, r.Y) + hipWidth * 0.08f;
        SetShader(null);
        _paint.Color = new SKColor(0, 0, 0, 70);
        canvas.DrawOval(new SKRect((l.X + r.X) / 2 - rx, y - rx * 0.18f, (l.X + r.X) / 2 + rx, y + rx * 0.18f), _paint);
    }

    private void Shade(float cx, float cy, float nx, float ny, float r, SKColor colour)
    {
        var light = _scene.Light;
        if (nx * light.X + ny * light.Y < 0) (nx, ny) = (-nx, -ny);
        SetShader(SKShader.CreateLinearGradient(
            new SKPoint(cx + nx * r, cy + ny * r), new SKPoint(cx - nx * r, cy - ny * r),
            [_scene.Lit(colour, 1.15f), _scene.Lit(colour, 0.9f), _scene.Lit(colour, 0.5f)], [0f, 0.4f, 1f], SKShaderTileMode.Clamp));
    }

    // Replaces the paint's shader (disposing the old one); a shader draws at full opacity.
    private void SetShader(SKShader? shader)
    {
        var old = _paint.Shader;
        _paint.Shader = shader;
        _paint.Color = SKColors.Black;
        old?.Dispose();
    }

    private SKPoint Project(V v)
    {
        var (u, w) = _camera.Project(v.X, v.Y, v.Z, ProjectionModel.Distorted);
        // Crop device coordinates: pixel i covers [i, i+1), so a pixel centre x maps to x + 0.5.
        return new SKPoint((float)((u + 0.5 - _crop.OffsetX) / _crop.ScaleX), (float)((w + 0.5 - _crop.OffsetY) / _crop.ScaleY));
    }

    private float Radius(double mm, double z) => (float)(_camera.Fx * mm / z / _crop.ScaleX);

    private readonly record struct V(double X, double Y, double Z)
    {
        public static V operator +(V a, V b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
        public static V operator -(V a, V b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
        public static V operator *(V a, double k) => new(a.X * k, a.Y * k, a.Z * k);
        public double Length => Math.Sqrt(X * X + Y * Y + Z * Z);
        public V Unit() => Length > 1e-9 ? this * (1 / Length) : new V(0, 0, 0);
        public static V Cross(V a, V b) => new(a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);
    }
}
