using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PoseML.Core;

namespace PoseML.Nn.Kernels;

/// <summary>Element-wise and reduction kernels of the neural-network engine, on row-major
/// <c>[rows, cols]</c> matrices stored contiguously (row stride = cols). Each reads
/// <see cref="ReadOnlySpan{T}"/> and writes a caller-supplied <see cref="Span{T}"/>; output may alias
/// input where a method says so. They use <see cref="TensorPrimitives"/> where it has the operation
/// and <see cref="Vector256"/> loops where it does not; none allocates. Column reductions sum rows in
/// order (SIMD across columns), so they match a scalar row-by-row loop bit for bit.</summary>
/// <remarks>For whole-vector operations without a row structure use <see cref="TensorPrimitives"/>
/// directly: <c>Add</c>, <c>Multiply</c>, <c>MultiplyAdd</c> (axpy), <c>Sum</c>, <c>SumOfSquares</c>,
/// <c>Max</c>, <c>Exp</c>, <c>SoftMax</c>.</remarks>
public static class VectorOps
{
    /// <summary>x[r, j] += bias[j] for every row r (a Linear layer's bias). x is [rows, bias.Length].</summary>
    public static void AddBiasRows(Span<float> x, int rows, ReadOnlySpan<float> bias)
    {
        var cols = bias.Length;
        CheckMatrix(x.Length, rows, cols, nameof(x));
        for (var r = 0; r < rows; r++)
        {
            var row = x.Slice(r * cols, cols);
            TensorPrimitives.Add(row, bias, row);
        }
    }

    /// <summary>Column sums: result[j] = Σᵣ x[r, j] (the bias gradient of a Linear layer from its output
    /// gradient), or result[j] += Σᵣ x[r, j] when <paramref name="accumulate"/>. x is [rows, result.Length].</summary>
    public static void SumRows(ReadOnlySpan<float> x, int rows, Span<float> result, bool accumulate = false)
    {
        var cols = result.Length;
        CheckMatrix(x.Length, rows, cols, nameof(x));
        if (!accumulate) result.Clear();
        for (var r = 0; r < rows; r++) TensorPrimitives.Add(result, x.Slice(r * cols, cols), result);
    }

    /// <summary>Column sums of an element-wise product: result[j] = Σᵣ a[r, j]·b[r, j] (e.g. the
    /// BatchNorm weight gradient Σ dy·x̂), or += when <paramref name="accumulate"/>. Each term is one
    /// fused multiply-add in row order.</summary>
    public static void SumRowsOfProduct(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int rows, Span<float> result, bool accumulate = false)
    {
        var cols = result.Length;
        CheckMatrix(a.Length, rows, cols, nameof(a));
        CheckMatrix(b.Length, rows, cols, nameof(b));
        if (!accumulate) result.Clear();
        for (var r = 0; r < rows; r++)
        {
            var start = r * cols;
            TensorPrimitives.FusedMultiplyAdd(a.Slice(start, cols), b.Slice(start, cols), result, result);
        }
    }

    /// <summary>Per-column mean and biased variance (divide by rows) of x [rows, cols], in two passes
    /// (mean, then Σ(x − mean)²) for accuracy: BatchNorm's batch statistics. For the unbiased variance
    /// multiply by rows / (rows − 1). rows must be ≥ 1.</summary>
    public static void ColumnMeanVariance(ReadOnlySpan<float> x, int rows, Span<float> mean, Span<float> variance)
    {
        var cols = mean.Length;
        if (variance.Length != cols) throw new InvalidOptionException(nameof(variance), $"needs {cols} values (one per column), got {variance.Length}");
        if (rows < 1) throw new InvalidOptionException(nameof(rows), $"column statistics need at least one row, got {rows}");
        CheckMatrix(x.Length, rows, cols, nameof(x));
        SumRows(x, rows, mean);
        TensorPrimitives.Multiply(mean, 1f / rows, mean);
        variance.Clear();
        ref var m0 = ref MemoryMarshal.GetReference(mean);
        ref var v0 = ref MemoryMarshal.GetReference(variance);
        for (var r = 0; r < rows; r++)
        {
            ref var x0 = ref MemoryMarshal.GetReference(x.Slice(r * cols, cols));
            var j = 0;
            for (; j + Vector256<float>.Count <= cols; j += Vector256<float>.Count)
            {
                var d = Vector256.LoadUnsafe(ref x0, (nuint)j) - Vector256.LoadUnsafe(ref m0, (nuint)j);
                Vector256.FusedMultiplyAdd(d, d, Vector256.LoadUnsafe(ref v0, (nuint)j)).StoreUnsafe(ref v0, (nuint)j);
            }
            for (; j < cols; j++)
            {
                var d = Unsafe.Add(ref x0, j) - Unsafe.Add(ref m0, j);
                Unsafe.Add(ref v0, j) = MathF.FusedMultiplyAdd(d, d, Unsafe.Add(ref v0, j));
            }
        }
        TensorPrimitives.Multiply(variance, 1f / rows, variance);
    }

    /// <summary>y[r, j] = x[r, j]·scale[j] + shift[j] (one fused multiply-add): BatchNorm's affine
    /// normalisation with scale = γ/√(σ²+ε), shift = β − μ·scale, or any per-column affine map.
    /// y may be x.</summary>
    public static void ScaleShiftColumns(ReadOnlySpan<float> x, int rows, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Span<float> y)
    {
        var cols = scale.Length;
        if (shift.Length != cols) throw new InvalidOptionException(nameof(shift), $"needs {cols} values (one per column), got {shift.Length}");
        CheckMatrix(x.Length, rows, cols, nameof(x));
        CheckMatrix(y.Length, rows, cols, nameof(y));
        for (var r = 0; r < rows; r++)
        {
            var start = r * cols;
            TensorPrimitives.FusedMultiplyAdd(x.Slice(start, cols), scale, shift, y.Slice(start, cols));
        }
    }

    /// <summary>LeakyReLU: y = x where x &gt; 0, slope·x elsewhere (slope 0 is ReLU). y may be x.</summary>
    public static void LeakyRelu(ReadOnlySpan<float> x, Span<float> y, float slope)
    {
        CheckSameLength(x.Length, y.Length, nameof(y));
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        var s = Vector256.Create(slope);
        var n = x.Length;
        var i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
        {
            var v = Vector256.LoadUnsafe(ref x0, (nuint)i);
            Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, v * s).StoreUnsafe(ref y0, (nuint)i);
        }
        for (; i < n; i++)
        {
            var v = Unsafe.Add(ref x0, i);
            Unsafe.Add(ref y0, i) = v > 0f ? v : v * slope;
        }
    }

    /// <summary>LeakyReLU gradient: dx = dy where x &gt; 0, slope·dy elsewhere. <paramref name="x"/> may
    /// be the layer's input or, for slope ≥ 0, its output (same sign). dx may be dy.</summary>
    public static void LeakyReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, float slope)
    {
        CheckSameLength(x.Length, dy.Length, nameof(dy));
        CheckSameLength(x.Length, dx.Length, nameof(dx));
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var g0 = ref MemoryMarshal.GetReference(dy);
        ref var d0 = ref MemoryMarshal.GetReference(dx);
        var s = Vector256.Create(slope);
        var n = x.Length;
        var i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
        {
            var mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref x0, (nuint)i), Vector256<float>.Zero);
            var g = Vector256.LoadUnsafe(ref g0, (nuint)i);
            Vector256.ConditionalSelect(mask, g, g * s).StoreUnsafe(ref d0, (nuint)i);
        }
        for (; i < n; i++)
        {
            var g = Unsafe.Add(ref g0, i);
            Unsafe.Add(ref d0, i) = Unsafe.Add(ref x0, i) > 0f ? g : g * slope;
        }
    }

    /// <summary>Σᵢ (a[i] − b[i])², accumulated in float lanes: the squared-error loss of a prediction.</summary>
    public static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        CheckSameLength(a.Length, b.Length, nameof(b));
        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var b0 = ref MemoryMarshal.GetReference(b);
        var acc = Vector256<float>.Zero;
        var n = a.Length;
        var i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
        {
            var d = Vector256.LoadUnsafe(ref a0, (nuint)i) - Vector256.LoadUnsafe(ref b0, (nuint)i);
            acc = Vector256.FusedMultiplyAdd(d, d, acc);
        }
        var sum = Vector256.Sum(acc);
        for (; i < n; i++)
        {
            var d = Unsafe.Add(ref a0, i) - Unsafe.Add(ref b0, i);
            sum = MathF.FusedMultiplyAdd(d, d, sum);
        }
        return sum;
    }

    /// <summary>dst[i] = scale·(a[i] − b[i]): e.g. the gradient 2/N·(ŷ − y) of a mean squared error.
    /// dst may be a or b.</summary>
    public static void ScaledDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float scale, Span<float> dst)
    {
        CheckSameLength(a.Length, b.Length, nameof(b));
        CheckSameLength(a.Length, dst.Length, nameof(dst));
        TensorPrimitives.Subtract(a, b, dst);
        TensorPrimitives.Multiply(dst, scale, dst);
    }

    /// <summary>One RMSprop step as PyTorch defines it (no momentum, not centred):
    /// s ← α·s + (1 − α)·g², p ← p − lr·g / (√s + ε), element-wise over parameters p, gradients g and
    /// square averages s. Weight decay, if any, is the caller's (add wd·p to g first).</summary>
    public static void RmsPropStep(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> squareAverage, float learningRate, float alpha, float epsilon)
    {
        CheckSameLength(parameters.Length, gradients.Length, nameof(gradients));
        CheckSameLength(parameters.Length, squareAverage.Length, nameof(squareAverage));
        ref var p0 = ref MemoryMarshal.GetReference(parameters);
        ref var g0 = ref MemoryMarshal.GetReference(gradients);
        ref var s0 = ref MemoryMarshal.GetReference(squareAverage);
        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(1f - alpha);
        var vlr = Vector256.Create(learningRate);
        var veps = Vector256.Create(epsilon);
        var n = parameters.Length;
        var i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
        {
            var g = Vector256.LoadUnsafe(ref g0, (nuint)i);
            var s = va * Vector256.LoadUnsafe(ref s0, (nuint)i) + vb * (g * g);
            s.StoreUnsafe(ref s0, (nuint)i);
            var p = Vector256.LoadUnsafe(ref p0, (nuint)i) - vlr * g / (Vector256.Sqrt(s) + veps);
            p.StoreUnsafe(ref p0, (nuint)i);
        }
        for (; i < n; i++)
        {
            var g = Unsafe.Add(ref g0, i);
            var s = alpha * Unsafe.Add(ref s0, i) + (1f - alpha) * (g * g);
            Unsafe.Add(ref s0, i) = s;
            Unsafe.Add(ref p0, i) -= learningRate * g / (MathF.Sqrt(s) + epsilon);
        }
    }

    /// <summary>One Adam step as PyTorch defines it: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g²,
    /// p ← p − lr·(m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε), with <paramref name="step"/> = t ≥ 1.</summary>
    public static void AdamStep(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> firstMoment, Span<float> secondMoment,
        float learningRate, float beta1, float beta2, float epsilon, int step)
    {
        CheckSameLength(parameters.Length, gradients.Length, nameof(gradients));
        CheckSameLength(parameters.Length, firstMoment.Length, nameof(firstMoment));
        CheckSameLength(parameters.Length, secondMoment.Length, nameof(secondMoment));
        if (step < 1) throw new InvalidOptionException(nameof(step), $"Adam steps count from 1, got {step}");
        // Bias corrections in double, as PyTorch does: 1 − β₂ᵗ cancels badly in float for β₂ near 1.
        var c1 = (float)(1.0 / (1.0 - Math.Pow(beta1, step)));
        var c2 = (float)(1.0 / (1.0 - Math.Pow(beta2, step)));
        ref var p0 = ref MemoryMarshal.GetReference(parameters);
        ref var g0 = ref MemoryMarshal.GetReference(gradients);
        ref var m0 = ref MemoryMarshal.GetReference(firstMoment);
        ref var v0 = ref MemoryMarshal.GetReference(secondMoment);
        var n = parameters.Length;
        var i = 0;
        for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
        {
            var g = Vector256.LoadUnsafe(ref g0, (nuint)i);
            var m = Vector256.Create(beta1) * Vector256.LoadUnsafe(ref m0, (nuint)i) + Vector256.Create(1f - beta1) * g;
            var v = Vector256.Create(beta2) * Vector256.LoadUnsafe(ref v0, (nuint)i) + Vector256.Create(1f - beta2) * (g * g);
            m.StoreUnsafe(ref m0, (nuint)i);
            v.StoreUnsafe(ref v0, (nuint)i);
            var update = Vector256.Create(learningRate) * (m * Vector256.Create(c1)) / (Vector256.Sqrt(v * Vector256.Create(c2)) + Vector256.Create(epsilon));
            (Vector256.LoadUnsafe(ref p0, (nuint)i) - update).StoreUnsafe(ref p0, (nuint)i);
        }
        for (; i < n; i++)
        {
            var g = Unsafe.Add(ref g0, i);
            var m = beta1 * Unsafe.Add(ref m0, i) + (1f - beta1) * g;
            var v = beta2 * Unsafe.Add(ref v0, i) + (1f - beta2) * (g * g);
            Unsafe.Add(ref m0, i) = m;
            Unsafe.Add(ref v0, i) = v;
            Unsafe.Add(ref p0, i) -= learningRate * (m * c1) / (MathF.Sqrt(v * c2) + epsilon);
        }
    }

    private static void CheckMatrix(int length, int rows, int cols, string name)
    {
        if (rows < 0) throw new InvalidOptionException("rows", $"must be ≥ 0, got {rows}");
        if ((long)rows * cols > length)
            throw new InvalidOptionException(name, $"a [{rows}, {cols}] matrix needs {(long)rows * cols} values, got {length}");
    }

    private static void CheckSameLength(int expected, int actual, string name)
    {
        if (actual != expected) throw new InvalidOptionException(name, $"needs {expected} values (as many as the input), got {actual}");
    }
}
