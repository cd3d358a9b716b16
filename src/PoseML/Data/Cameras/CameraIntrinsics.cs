using PoseML.Core;

namespace PoseML.Data.Cameras;

/// <summary>How camera-frame points become pixels.</summary>
public enum ProjectionModel
{
    /// <summary>Ideal pinhole: <c>u = fx·X/Z + cx</c>, <c>v = fy·Y/Z + cy</c>; no clamping, no distortion.</summary>
    Pinhole,

    /// <summary>Human3.6M's lens model as VideoPose3D's <c>project_to_2d</c> implements it: radial
    /// k1..k3 on r², its own tangential term, and the normalised coordinates clamped to [-1, 1]
    /// (see <see cref="CameraIntrinsics.Project(ReadOnlySpan{float}, Span{float}, ProjectionModel)"/>).</summary>
    Distorted,
}

/// <summary>Intrinsic parameters of a camera, in pixels: focal lengths, principal point, image size,
/// radial (k1, k2, k3) and tangential (p1, p2) distortion in Human3.6M's convention. Immutable.</summary>
/// <remarks>
/// Camera frame: X right, Y down, Z forward (the optical axis), millimetres. With
/// <c>x = X/Z</c>, <c>y = Y/Z</c> the distorted projection is (VideoPose3D <c>project_to_2d</c>, itself a
/// port of Human3.6M's MATLAB code):
/// <code>
/// x, y   ← clamp(x, -1, 1), clamp(y, -1, 1)
/// r²     = x² + y²
/// radial = 1 + k1·r² + k2·r⁴ + k3·r⁶
/// tan    = p1·x + p2·y
/// x'     = x·(radial + tan) + p1·r²
/// y'     = y·(radial + tan) + p2·r²
/// u, v   = fx·x' + cx, fy·y' + cy
/// </code>
/// The tangential term is Human3.6M's, <b>not</b> OpenCV's Brown–Conrady form
/// (<c>2p1xy + p2(r² + 2x²)</c>); use these parameters only with this formula. VideoPose3D applies the
/// formula to parameters normalised by <see cref="ScreenCoordinates.Normalize(float, float, int, int)"/>
/// (focal length · 2 / width); it is linear in f and c, so pixels and normalised screen coordinates
/// correspond exactly through that normalisation.
/// </remarks>
public sealed record CameraIntrinsics
{
    /// <summary>Creates intrinsics; focal lengths and image size must be positive.</summary>
    /// <exception cref="InvalidOptionException">A non-positive or non-finite focal length or image size.</exception>
    public CameraIntrinsics(double fx, double fy, double cx, double cy, int width, int height,
        double k1 = 0, double k2 = 0, double k3 = 0, double p1 = 0, double p2 = 0)
    {
        if (!(fx > 0) || !(fy > 0) || !double.IsFinite(fx) || !double.IsFinite(fy))
            throw new InvalidOptionException("focal length", $"must be positive and finite, got fx={fx}, fy={fy}");
        if (width <= 0 || height <= 0)
            throw new InvalidOptionException("image size", $"must be positive, got {width}x{height}");
        foreach (var v in new[] { cx, cy, k1, k2, k3, p1, p2 })
        {
            if (!double.IsFinite(v)) throw new InvalidOptionException("intrinsics", $"principal point and distortion must be finite, got {v}");
        }
        (Fx, Fy, Cx, Cy, Width, Height, K1, K2, K3, P1, P2) = (fx, fy, cx, cy, width, height, k1, k2, k3, p1, p2);
    }

    /// <summary>Horizontal focal length, pixels.</summary>
    public double Fx { get; }

    /// <summary>Vertical focal length, pixels.</summary>
    public double Fy { get; }

    /// <summary>Principal point, horizontal, pixels.</summary>
    public double Cx { get; }

    /// <summary>Principal point, vertical, pixels.</summary>
    public double Cy { get; }

    /// <summary>Image width, pixels.</summary>
    public int Width { get; }

    /// <summary>Image height, pixels.</summary>
    public int Height { get; }

    /// <summary>Radial distortion coefficient of r².</summary>
    public double K1 { get; }

    /// <summary>Radial distortion coefficient of r⁴.</summary>
    public double K2 { get; }

    /// <summary>Radial distortion coefficient of r⁶.</summary>
    public double K3 { get; }

    /// <summary>Tangential distortion coefficient (Human3.6M convention), horizontal.</summary>
    public double P1 { get; }

    /// <summary>Tangential distortion coefficient (Human3.6M convention), vertical.</summary>
    public double P2 { get; }

    /// <summary>True when any distortion coefficient is non-zero.</summary>
    public bool HasDistortion => K1 != 0 || K2 != 0 || K3 != 0 || P1 != 0 || P2 != 0;

    /// <summary>The same camera without lens distortion.</summary>
    public CameraIntrinsics WithoutDistortion() => new(Fx, Fy, Cx, Cy, Width, Height);

    /// <summary>Projects one camera-frame point (mm, Z forward) to pixels.</summary>
    public (double U, double V) Project(double x, double y, double z, ProjectionModel model = ProjectionModel.Distorted)
    {
        var inverse = 1 / z;
        var nx = x * inverse;
        var ny = y * inverse;
        if (model == ProjectionModel.Pinhole) return (Fx * nx + Cx, Fy * ny + Cy);
        nx = Math.Clamp(nx, -1.0, 1.0);
        ny = Math.Clamp(ny, -1.0, 1.0);
        var r2 = nx * nx + ny * ny;
        var radial = 1 + r2 * (K1 + r2 * (K2 + r2 * K3));
        var tangential = P1 * nx + P2 * ny;
        var dx = nx * (radial + tangential) + P1 * r2;
        var dy = ny * (radial + tangential) + P2 * r2;
        return (Fx * dx + Cx, Fy * dy + Cy);
    }

    /// <summary>Projects camera-frame points to pixels, allocation-free: <paramref name="points"/> holds
    /// N×3 values (X, Y, Z in mm; any [N,J,3] layout flattened), <paramref name="pixels"/> receives N×2
    /// (u, v). Points with Z ≤ 0 (behind the camera) give non-finite or mirrored values; check Z first
    /// where that matters.</summary>
    /// <exception cref="ArgumentException">Lengths that are not N×3 and N×2.</exception>
    public void Project(ReadOnlySpan<float> points, Span<float> pixels, ProjectionModel model = ProjectionModel.Distorted)
    {
        var n = CheckPointSpans(points, pixels);
        double fx = Fx, fy = Fy, cx = Cx, cy = Cy, k1 = K1, k2 = K2, k3 = K3, p1 = P1, p2 = P2;
        var distorted = model == ProjectionModel.Distorted;
        for (var i = 0; i < n; i++)
        {
            var inverse = 1.0 / points[3 * i + 2];
            var x = points[3 * i] * inverse;
            var y = points[3 * i + 1] * inverse;
            if (distorted)
            {
                // Same formula as the scalar Project above (kept inline: this is the batch hot path).
                x = Math.Clamp(x, -1.0, 1.0);
                y = Math.Clamp(y, -1.0, 1.0);
                var r2 = x * x + y * y;
                var scale = 1 + r2 * (k1 + r2 * (k2 + r2 * k3)) + p1 * x + p2 * y;
                (x, y) = (x * scale + p1 * r2, y * scale + p2 * r2);
            }
            pixels[2 * i] = (float)(fx * x + cx);
            pixels[2 * i + 1] = (float)(fy * y + cy);
        }
    }

    /// <summary>VideoPose3D's 9-value <c>intrinsic</c> vector in normalised screen units:
    /// focal length · 2 / width (both axes), the normalised principal point, k1 k2 k3, p1 p2.</summary>
    public float[] ToVideoPose3DVector()
    {
        var (ncx, ncy) = ScreenCoordinates.Normalize((float)Cx, (float)Cy, Width, Height);
        return [(float)(Fx / Width * 2), (float)(Fy / Width * 2), ncx, ncy, (float)K1, (float)K2, (float)K3, (float)P1, (float)P2];
    }

    internal static int CheckPointSpans(ReadOnlySpan<float> points, Span<float> pixels)
    {
        if (points.Length % 3 != 0)
            throw new ArgumentException($"points must hold N×3 values, got {points.Length}", nameof(points));
        var n = points.Length / 3;
        if (pixels.Length != 2 * n)
            throw new ArgumentException($"{n} points need {2 * n} pixel values, got {pixels.Length}", nameof(pixels));
        return n;
    }
}
