using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace PoseML.Stages.RarePose;

/// <summary>One joint's unnormalised Gaussian kernel density <c>g(q) = (1/M) Σ_m exp(−‖q − p_m‖² / 2σ²)</c>,
/// precomputed on a regular 3D grid of step h: the reference points are spread onto the grid with cubic Lagrange
/// weights, the grid is blurred separably with the Gaussian sampled at the node offsets (truncated at the cut-off),
/// and queries are read back by tricubic Lagrange interpolation.</summary>
/// <remarks>
/// Error bound. Along one axis the scheme replaces <c>k(u − v) = exp(−(u − v)²/2σ²)</c> by the tensor-product cubic
/// interpolant in (u, v) of its node values, whose error is at most
/// <c>(1 + Λ)·(3/128)·h⁴·max|k⁗| = 2.25·(3/128)·3·(h/σ)⁴ ≈ 0.158·(h/σ)⁴ = ε</c> (Λ = 1.25, <c>max|k⁗| = 3/σ⁴</c>).
/// The 3D kernel is the product of three such factors, so each pair's kernel is off by at most <c>3ε(1 + ε)²</c>;
/// truncating the blur adds at most <c>Λ⁶·exp(−((R+1)h)²/2σ²)</c> and queries outside the grid (further than the
/// cut-off from every reference point along some axis) are read as 0, off by at most <c>exp(−c²/2)</c>.
/// The density is a mean of pair kernels, so the same bound holds for it. Grid values are accumulated and blurred in
/// double precision and stored as float (a further 1e-6 allowance).
/// </remarks>
internal sealed class JointDensityGrid
{
    public JointDensityGrid(double originX, double originY, double originZ, double step, int nx, int ny, int nz, float[] values)
    {
        OriginX = originX;
        OriginY = originY;
        OriginZ = originZ;
        Step = step;
        Nx = nx;
        Ny = ny;
        Nz = nz;
        Values = values;
    }

    public double OriginX { get; }
    public double OriginY { get; }
    public double OriginZ { get; }
    public double Step { get; }
    public int Nx { get; }
    public int Ny { get; }
    public int Nz { get; }

    /// <summary>Blurred density at the nodes, x fastest, then y, then z.</summary>
    public float[] Values { get; }

    /// <summary>Worst-case absolute error of a density value (see the remarks).</summary>
    public static double ErrorBound(double step, double sigma, double cutoffSigmas)
    {
        var r = step / sigma;
        var eps = (1 + CubicLagrange.LebesgueConstant) * CubicLagrange.ErrorConstant * 3 * r * r * r * r;
        var radius = KernelRadius(step, sigma, cutoffSigmas);
        var lambda6 = Math.Pow(CubicLagrange.LebesgueConstant, 6);
        var truncation = lambda6 * Math.Exp(-Math.Pow((radius + 1) * r, 2) / 2);
        var outside = Math.Exp(-cutoffSigmas * cutoffSigmas / 2);
        return 3 * eps * (1 + eps) * (1 + eps) + truncation + outside + 1e-6;
    }

    /// <summary>Half-width in nodes of the sampled Gaussian: the smallest R with R·h ≥ c·σ.</summary>
    public static int KernelRadius(double step, double sigma, double cutoffSigmas) => (int)Math.Ceiling(cutoffSigmas * sigma / step - 1e-9);

    /// <summary>Node count along one axis for a reference range and a step: the range plus c·σ + 2h either side.</summary>
    private static int NodeCount(double range, double step, double sigma, double cutoffSigmas) =>
        (int)Math.Ceiling((range + 2 * (cutoffSigmas * sigma + 2 * step)) / step) + 1;

    /// <summary>Builds the grid of one joint. <paramref name="x"/>, <paramref name="y"/>, <paramref name="z"/> hold the
    /// M reference positions (root-relative). The step starts at σ / stepsPerSigma and grows until the grid has at
    /// most <paramref name="maximumNodes"/> nodes.</summary>
    public static JointDensityGrid Build(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, double sigma,
        double stepsPerSigma, double cutoffSigmas, int maximumNodes)
    {
        var m = x.Length;
        float minX = TensorPrimitives.Min(x), maxX = TensorPrimitives.Max(x);
        float minY = TensorPrimitives.Min(y), maxY = TensorPrimitives.Max(y);
        float minZ = TensorPrimitives.Min(z), maxZ = TensorPrimitives.Max(z);
        var step = sigma / stepsPerSigma;
        int nx, ny, nz;
        while (true)
        {
            nx = NodeCount((double)maxX - minX, step, sigma, cutoffSigmas);
            ny = NodeCount((double)maxY - minY, step, sigma, cutoffSigmas);
            nz = NodeCount((double)maxZ - minZ, step, sigma, cutoffSigmas);
            if ((long)nx * ny * nz <= maximumNodes) break;
            step *= 1.05;
        }
        var pad = cutoffSigmas * sigma + 2 * step;
        double ox = minX - pad, oy = minY - pad, oz = minZ - pad;
        var nodes = nx * ny * nz;
        var binned = new double[nodes];
        Bin(x, y, z, ox, oy, oz, step, nx, ny, binned);

        var radius = KernelRadius(step, sigma, cutoffSigmas);
        var kernel = new double[radius + 1];
        for (var t = 0; t <= radius; t++) kernel[t] = Math.Exp(-0.5 * Math.Pow(t * step / sigma, 2));
        var scaled = new double[radius + 1];
        for (var t = 0; t <= radius; t++) scaled[t] = kernel[t] / m; // the mean over the reference set
        var blurred = new double[nodes];
        BlurRows(binned, blurred, nx, scaled);
        Array.Clear(binned);
        BlurPlanes(blurred, binned, nz, ny, nx, kernel);   // along y: outer = z planes, inner = rows of nx
        Array.Clear(blurred);
        BlurPlanes(binned, blurred, 1, nz, nx * ny, kernel);       // along z: inner = whole xy planes
        var values = new float[nodes];
        for (var i = 0; i < nodes; i++) values[i] = (float)blurred[i];
        return new JointDensityGrid(ox, oy, oz, step, nx, ny, nz, values);
    }

    /// <summary>Spreads unit masses at the reference points onto the grid with cubic Lagrange weights per axis.</summary>
    private static unsafe void Bin(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z,
        double ox, double oy, double oz, double step, int nx, int ny, double[] grid)
    {
        var inv = 1 / step;
        var plane = nx * ny;
        fixed (double* g = grid)
        {
            for (var i = 0; i < x.Length; i++)
            {
                var tx = (x[i] - ox) * inv;
                var ty = (y[i] - oy) * inv;
                var tz = (z[i] - oz) * inv;
                var bx = (int)tx;
                var by = (int)ty;
                var bz = (int)tz;
                CubicLagrange.Weights(tx - bx, out var x0, out var x1, out var x2, out var x3);
                CubicLagrange.Weights(ty - by, out var y0, out var y1, out var y2, out var y3);
                CubicLagrange.Weights(tz - bz, out var z0, out var z1, out var z2, out var z3);
                var wx = Vector256.Create(x0, x1, x2, x3);
                var baseIndex = (bz - 1) * plane + (by - 1) * nx + bx - 1;
                AddPlane(g + baseIndex, nx, wx * z0, y0, y1, y2, y3);
                AddPlane(g + baseIndex + plane, nx, wx * z1, y0, y1, y2, y3);
                AddPlane(g + baseIndex + 2 * plane, nx, wx * z2, y0, y1, y2, y3);
                AddPlane(g + baseIndex + 3 * plane, nx, wx * z3, y0, y1, y2, y3);
            }
        }
    }

    private static unsafe void AddPlane(double* p, int nx, Vector256<double> w, double y0, double y1, double y2, double y3)
    {
        Vector256.Store(Vector256.Load(p) + w * y0, p);
        p += nx;
        Vector256.Store(Vector256.Load(p) + w * y1, p);
        p += nx;
        Vector256.Store(Vector256.Load(p) + w * y2, p);
        p += nx;
        Vector256.Store(Vector256.Load(p) + w * y3, p);
    }

    /// <summary>Convolves every contiguous row of length <paramref name="n"/> with the symmetric kernel (zero outside).</summary>
    private static void BlurRows(double[] source, double[] destination, int n, double[] kernel)
    {
        var radius = kernel.Length - 1;
        for (var start = 0; start < source.Length; start += n)
        {
            var src = source.AsSpan(start, n);
            if (src.IndexOfAnyExcept(0.0) < 0) continue; // rows the reference cloud does not reach stay zero
            var dst = destination.AsSpan(start, n);
            for (var t = -radius; t <= radius; t++)
            {
                var lo = Math.Max(0, -t);
                var hi = Math.Min(n, n - t);
                if (hi <= lo) continue;
                TensorPrimitives.MultiplyAdd(src.Slice(lo + t, hi - lo), kernel[Math.Abs(t)], dst.Slice(lo, hi - lo), dst.Slice(lo, hi - lo));
            }
        }
    }

    /// <summary>Convolves along the middle axis of an [outer, n, inner] array (inner contiguous) with the symmetric kernel.</summary>
    private static void BlurPlanes(double[] source, double[] destination, int outer, int n, int inner, double[] kernel)
    {
        var radius = kernel.Length - 1;
        var empty = new bool[n];
        for (var o = 0; o < outer; o++)
        {
            for (var s = 0; s < n; s++) empty[s] = source.AsSpan((o * n + s) * inner, inner).IndexOfAnyExcept(0.0) < 0;
            for (var c = 0; c < n; c++)
            {
                var dst = destination.AsSpan((o * n + c) * inner, inner);
                var lo = Math.Max(0, c - radius);
                var hi = Math.Min(n - 1, c + radius);
                for (var s = lo; s <= hi; s++)
                {
                    if (!empty[s]) TensorPrimitives.MultiplyAdd(source.AsSpan((o * n + s) * inner, inner), kernel[Math.Abs(s - c)], dst, dst);
                }
            }
        }
    }

    /// <summary>The density at a point by tricubic interpolation; 0 outside the grid (the point is then further
    /// than the cut-off from every reference point along some axis).</summary>
    public unsafe double Evaluate(double x, double y, double z)
    {
        var inv = 1 / Step;
        var tx = (x - OriginX) * inv;
        var ty = (y - OriginY) * inv;
        var tz = (z - OriginZ) * inv;
        if (!(tx >= 1 && tx < Nx - 2 && ty >= 1 && ty < Ny - 2 && tz >= 1 && tz < Nz - 2)) return 0;
        var bx = (int)tx;
        var by = (int)ty;
        var bz = (int)tz;
        CubicLagrange.Weights(tx - bx, out var x0, out var x1, out var x2, out var x3);
        CubicLagrange.Weights(ty - by, out var y0, out var y1, out var y2, out var y3);
        CubicLagrange.Weights(tz - bz, out var z0, out var z1, out var z2, out var z3);
        var plane = Nx * Ny;
        fixed (float* v = Values)
        {
            var p = v + (bz - 1) * plane + (by - 1) * Nx + bx - 1;
            return z0 * Plane(p, Nx, x0, x1, x2, x3, y0, y1, y2, y3)
                + z1 * Plane(p + plane, Nx, x0, x1, x2, x3, y0, y1, y2, y3)
                + z2 * Plane(p + 2 * plane, Nx, x0, x1, x2, x3, y0, y1, y2, y3)
                + z3 * Plane(p + 3 * plane, Nx, x0, x1, x2, x3, y0, y1, y2, y3);
        }
    }

    private static unsafe double Plane(float* p, int nx, double x0, double x1, double x2, double x3, double y0, double y1, double y2, double y3) =>
        y0 * Row(p, x0, x1, x2, x3) + y1 * Row(p + nx, x0, x1, x2, x3) + y2 * Row(p + 2 * nx, x0, x1, x2, x3) + y3 * Row(p + 3 * nx, x0, x1, x2, x3);

    private static unsafe double Row(float* p, double x0, double x1, double x2, double x3) => x0 * p[0] + x1 * p[1] + x2 * p[2] + x3 * p[3];
}
