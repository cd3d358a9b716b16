using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using PoseML.Core;

namespace PoseML.Stages.DomainConversion;

/// <summary>The differentiable domain conversion of Deep Pose Consensus Networks (§6, Eq. 13): each heatmap is
/// normalised to a distribution <c>p</c> over its pixels and converted to the expected pixel coordinate
/// <c>(Σ p·x, Σ p·y)</c>, then mapped to image pixels (<see cref="HeatmapImageMapping"/>). Forward and exact backward
/// over batches of maps, both cores, no allocation per map.</summary>
/// <remarks>Heatmaps are row-major <c>[maps, H, W]</c> (any leading batch and joint dimensions flattened into maps);
/// coordinates are <c>[maps, 2]</c> as (x, y). Gradients: with <see cref="HeatmapNormalization.Sum"/>,
/// <c>∂x/∂h_k = (x_k − x)/S</c> (S = Σh); with <see cref="HeatmapNormalization.Softmax"/>,
/// <c>∂x/∂h_k = β·p_k·(x_k − x)</c>; both times the mapping's scale.</remarks>
public static class SoftArgmax
{
    private const int ParallelMinimumMaps = 64;

    /// <summary>Expected coordinates of every map.</summary>
    /// <param name="heatmaps">Row-major [maps, height, width].</param>
    /// <param name="height">Map height H.</param>
    /// <param name="width">Map width W.</param>
    /// <param name="coordinates">Written: [maps, 2] image (x, y); NaN for a map whose normaliser is not positive and finite.</param>
    /// <param name="normalization">Sum (the paper, default) or softmax.</param>
    /// <param name="beta">Softmax inverse temperature β (ignored by Sum).</param>
    /// <param name="mapping">Heatmap-to-image mapping; null: identity.</param>
    public static void Forward(ReadOnlySpan<float> heatmaps, int height, int width, Span<float> coordinates,
        HeatmapNormalization normalization = HeatmapNormalization.Sum, float beta = 1, HeatmapImageMapping? mapping = null)
    {
        var maps = CheckShapes(heatmaps.Length, height, width, coordinates.Length, 2, "coordinates", beta, normalization);
        mapping ??= HeatmapImageMapping.Identity;
        mapping.Validate();
        Run(heatmaps, coordinates, maps, height, width, 2, (map, output, scratch) =>
        {
            Moments(map, height, width, normalization, beta, scratch, out var x, out var y, out _);
            output[0] = mapping.MapX(x);
            output[1] = mapping.MapY(y);
        });
    }

    /// <summary>Gradient of a loss with respect to the heatmaps, given its gradient with respect to the image
    /// coordinates that <see cref="Forward"/> returned (same normalisation, β and mapping). Exact, recomputes the
    /// forward quantities it needs; a map whose forward was NaN gets a NaN gradient.</summary>
    /// <param name="heatmaps">The forward input, [maps, H, W].</param>
    /// <param name="height">Map height H.</param>
    /// <param name="width">Map width W.</param>
    /// <param name="coordinateGradient">∂L/∂(x, y) per map, [maps, 2], in image pixels.</param>
    /// <param name="heatmapGradient">Written: ∂L/∂h, [maps, H, W].</param>
    /// <param name="normalization">As in the forward pass.</param>
    /// <param name="beta">As in the forward pass.</param>
    /// <param name="mapping">As in the forward pass.</param>
    public static void Backward(ReadOnlySpan<float> heatmaps, int height, int width, ReadOnlySpan<float> coordinateGradient, Span<float> heatmapGradient,
        HeatmapNormalization normalization = HeatmapNormalization.Sum, float beta = 1, HeatmapImageMapping? mapping = null)
    {
        var maps = CheckShapes(heatmaps.Length, height, width, coordinateGradient.Length, 2, "coordinateGradient", beta, normalization);
        if (heatmapGradient.Length != heatmaps.Length)
            throw new InvalidOptionException(nameof(heatmapGradient), $"expected {heatmaps.Length} values (as many as the heatmaps), got {heatmapGradient.Length}");
        mapping ??= HeatmapImageMapping.Identity;
        mapping.Validate();
        var size = height * width;
        unsafe
        {
            fixed (float* g = coordinateGradient)
            {
                var ga = (nint)g;
                var gl = coordinateGradient.Length;
                Run(heatmaps, heatmapGradient, maps, height, width, size, (map, output, scratch, index) =>
                {
                    var grad = new ReadOnlySpan<float>((float*)ga, gl);
                    var gx = grad[index * 2] * mapping.ScaleX;
                    var gy = grad[index * 2 + 1] * mapping.ScaleY;
                    MapBackward(map, height, width, normalization, beta, gx, gy, output, scratch);
                });
            }
        }
    }

    /// <summary>The normaliser's distribution moments of one map: expected (x, y) in heatmap pixels and the
    /// normaliser (S = Σh for Sum, Σexp(β(h − max)) for Softmax, with <paramref name="scratch"/> holding the exponentials).</summary>
    internal static void Moments(ReadOnlySpan<float> map, int height, int width, HeatmapNormalization normalization, float beta,
        Span<float> scratch, out float x, out float y, out float total)
    {
        var weights = map;
        if (normalization == HeatmapNormalization.Softmax)
        {
            var max = TensorPrimitives.Max(map);
            var e = scratch[..map.Length];
            if (beta == 1) TensorPrimitives.Subtract(map, max, e);
            else
            {
                TensorPrimitives.Multiply(map, beta, e);
                TensorPrimitives.Add(e, -beta * max, e);
            }
            TensorPrimitives.Exp(e, e);
            weights = e;
        }
        WeightedSums(weights, height, width, out var s, out var sx, out var sy);
        total = s;
        if (!(s > 0) || !float.IsFinite(s))
        {
            x = y = float.NaN;
            return;
        }
        x = sx / s;
        y = sy / s;
    }

    /// <summary><c>S = Σ w</c>, <c>Sx = Σ w·u</c>, <c>Sy = Σ w·v</c> over a [H, W] map (u column, v row), one fused pass.</summary>
    private static void WeightedSums(ReadOnlySpan<float> w, int height, int width, out float s, out float sx, out float sy)
    {
        var accS = Vector256<float>.Zero;
        var accX = Vector256<float>.Zero;
        var accY = Vector256<float>.Zero;
        float tailS = 0, tailX = 0, tailY = 0;
        var vectorWidth = Vector256.IsHardwareAccelerated ? width - width % Vector256<float>.Count : 0;
        var ramp = Vector256.Create(0f, 1, 2, 3, 4, 5, 6, 7);
        for (var v = 0; v < height; v++)
        {
            var row = w.Slice(v * width, width);
            var rowSum = Vector256<float>.Zero;
            for (var u = 0; u < vectorWidth; u += Vector256<float>.Count)
            {
                var h = Vector256.Create(row.Slice(u));
                rowSum += h;
                accX = Vector256.FusedMultiplyAdd(h, ramp + Vector256.Create((float)u), accX);
            }
            accS += rowSum;
            accY = Vector256.FusedMultiplyAdd(rowSum, Vector256.Create((float)v), accY);
            for (var u = vectorWidth; u < width; u++)
            {
                tailS += row[u];
                tailX += row[u] * u;
                tailY += row[u] * v;
            }
        }
        s = Vector256.Sum(accS) + tailS;
        sx = Vector256.Sum(accX) + tailX;
        sy = Vector256.Sum(accY) + tailY;
    }

    private static void MapBackward(ReadOnlySpan<float> map, int height, int width, HeatmapNormalization normalization, float beta,
        float gx, float gy, Span<float> output, Span<float> scratch)
    {
        Moments(map, height, width, normalization, beta, scratch, out var x, out var y, out var s);
        if (float.IsNaN(x))
        {
            output.Fill(float.NaN);
            return;
        }
        // ∂L/∂h_(v,u) = factor_(v,u) · (gx·u + gy·v − (gx·x + gy·y)) with factor 1/S (Sum) or β·e/S (Softmax)
        var c = gx * x + gy * y;
        var scale = normalization == HeatmapNormalization.Sum ? 1 / s : beta / s;
        var ramp = Vector256.Create(0f, 1, 2, 3, 4, 5, 6, 7) * gx;
        var step = Vector256.Create(gx * Vector256<float>.Count);
        var vectorWidth = Vector256.IsHardwareAccelerated ? width - width % Vector256<float>.Count : 0;
        for (var v = 0; v < height; v++)
        {
            var rowConstant = (gy * v - c) * scale;
            var outRow = output.Slice(v * width, width);
            var linear = ramp * scale + Vector256.Create(rowConstant);
            var linearStep = step * scale;
            if (normalization == HeatmapNormalization.Sum)
            {
                for (var u = 0; u < vectorWidth; u += Vector256<float>.Count)
                {
                    linear.CopyTo(outRow.Slice(u));
                    linear += linearStep;
                }
                for (var u = vectorWidth; u < width; u++) outRow[u] = gx * u * scale + rowConstant;
            }
            else
            {
                var e = scratch.Slice(v * width, width);
                for (var u = 0; u < vectorWidth; u += Vector256<float>.Count)
                {
                    (Vector256.Create(e.Slice(u)) * linear).CopyTo(outRow.Slice(u));
                    linear += linearStep;
                }
                for (var u = vectorWidth; u < width; u++) outRow[u] = e[u] * (gx * u * scale + rowConstant);
            }
        }
    }

    internal delegate void MapAction(ReadOnlySpan<float> map, Span<float> output, Span<float> scratch);

    private delegate void IndexedMapAction(ReadOnlySpan<float> map, Span<float> output, Span<float> scratch, int index);

    internal static void Run(ReadOnlySpan<float> heatmaps, Span<float> outputs, int maps, int height, int width, int outputPerMap, MapAction action) =>
        Run(heatmaps, outputs, maps, height, width, outputPerMap, (m, o, s, _) => action(m, o, s));

    /// <summary>Applies <paramref name="action"/> to every map, in parallel chunks when there are enough maps.</summary>
    private static unsafe void Run(ReadOnlySpan<float> heatmaps, Span<float> outputs, int maps, int height, int width, int outputPerMap, IndexedMapAction action)
    {
        var size = height * width;
        var workers = maps >= ParallelMinimumMaps ? Math.Min(Environment.ProcessorCount, maps / (ParallelMinimumMaps / 2)) : 1;
        fixed (float* h = heatmaps)
        fixed (float* o = outputs)
        {
            nint ha = (nint)h, oa = (nint)o;
            var hl = heatmaps.Length;
            var ol = outputs.Length;
            void Work(int worker)
            {
                var start = (int)((long)maps * worker / workers);
                var end = (int)((long)maps * (worker + 1) / workers);
                var input = new ReadOnlySpan<float>((float*)ha, hl);
                var output = new Span<float>((float*)oa, ol);
                var scratch = ArrayPool<float>.Shared.Rent(size);
                try
                {
                    for (var i = start; i < end; i++)
                        action(input.Slice(i * size, size), output.Slice(i * outputPerMap, outputPerMap), scratch.AsSpan(0, size), i);
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(scratch);
                }
            }
            if (workers == 1) Work(0);
            else Parallel.For(0, workers, Work);
        }
    }

    internal static int CheckShapes(int heatmapLength, int height, int width, int otherLength, int otherPerMap, string otherName, float beta, HeatmapNormalization normalization)
    {
        if (height <= 0 || width <= 0) throw new InvalidOptionException("heatmap size", $"height and width must be positive, got {height}×{width}");
        if (!Enum.IsDefined(normalization)) throw new InvalidOptionException(nameof(normalization), $"must be Sum or Softmax, got {(int)normalization}");
        if (!(beta > 0) || !float.IsFinite(beta)) throw new InvalidOptionException(nameof(beta), $"must be finite and > 0, got {beta}");
        var size = (long)height * width;
        if (heatmapLength % size != 0)
            throw new InvalidOptionException("heatmaps", $"{heatmapLength} values is not a whole number of {height}×{width} maps");
        var maps = (int)(heatmapLength / size);
        if (otherLength != maps * otherPerMap)
            throw new InvalidOptionException(otherName, $"expected {maps * otherPerMap} values ({maps} maps × {otherPerMap}), got {otherLength}");
        return maps;
    }
}
