using PoseML.Core;
using PoseML.Nn.Kernels;

namespace PoseML.Tests.Nn.Kernels;

[TestClass]
public sealed class VectorOpsTests
{
    // Kernels that perform the same float operations per element as the scalar loop (one add, one
    // FMA, one select) must match it bit for bit; they are compared exactly. Reductions whose lane
    // order differs from the scalar loop use the γ_n bound n·2⁻²⁴·Σ|terms| (plus slack for the
    // final lane sum), see GemmTests.
    private const double UnitRoundoff = 1.0 / (1 << 24);
    private const int MaxLength = 256;

    [TestMethod]
    public void AddBiasRows_MatchesScalarLoop_ForAllWidths()
    {
        for (var cols = 0; cols <= MaxLength; cols++)
        {
            var rng = new Random(cols);
            const int rows = 3;
            var x = Random(rng, rows * cols);
            var bias = Random(rng, cols);
            var expected = (float[])x.Clone();
            for (var r = 0; r < rows; r++) for (var j = 0; j < cols; j++) expected[r * cols + j] += bias[j];
            VectorOps.AddBiasRows(x, rows, bias);
            CollectionAssert.AreEqual(expected, x, $"cols={cols}");
        }
    }

    [TestMethod]
    public void SumRows_MatchesRowOrderScalarLoop_ForAllWidths()
    {
        for (var cols = 0; cols <= MaxLength; cols++)
        {
            var rng = new Random(cols);
            var rows = 1 + cols % 7;
            var x = Random(rng, rows * cols);
            var expected = new float[cols];
            for (var r = 0; r < rows; r++) for (var j = 0; j < cols; j++) expected[j] += x[r * cols + j];
            var result = Filled(cols, float.NaN);
            VectorOps.SumRows(x, rows, result);
            CollectionAssert.AreEqual(expected, result, $"cols={cols}");
            for (var j = 0; j < cols; j++) expected[j] += expected[j];
            VectorOps.SumRows(x, rows, result, accumulate: true);
            var twice = new float[cols];
            for (var j = 0; j < cols; j++) twice[j] = result[j];
            // accumulate adds the same row sums again, in row order, onto the previous result
            var reference = new float[cols];
            for (var j = 0; j < cols; j++)
            {
                var s = 0f;
                for (var r = 0; r < rows; r++) s += x[r * cols + j];
                var acc = s;
                for (var r = 0; r < rows; r++) acc += x[r * cols + j];
                reference[j] = acc;
            }
            CollectionAssert.AreEqual(reference, twice, $"accumulate cols={cols}");
        }
    }

    [TestMethod]
    public void SumRowsOfProduct_MatchesFmaScalarLoop_ForAllWidths()
    {
        for (var cols = 0; cols <= MaxLength; cols++)
        {
            var rng = new Random(cols);
            const int rows = 5;
            var a = Random(rng, rows * cols);
            var b = Random(rng, rows * cols);
            var expected = new float[cols];
            for (var r = 0; r < rows; r++) for (var j = 0; j < cols; j++) expected[j] = MathF.FusedMultiplyAdd(a[r * cols + j], b[r * cols + j], expected[j]);
            var result = Filled(cols, float.NaN);
            VectorOps.SumRowsOfProduct(a, b, rows, result);
            CollectionAssert.AreEqual(expected, result, $"cols={cols}");
        }
    }

    [TestMethod]
    public void ColumnMeanVariance_MatchesDoubleReference_ForAllWidths()
    {
        for (var cols = 0; cols <= MaxLength; cols++)
        {
            var rng = new Random(cols);
            var rows = 1 + cols % 9;
            // Offset data: a one-pass Σx² − (Σx)² formula would lose digits here; two passes must not.
            var x = Random(rng, rows * cols).Select(v => 100f + v).ToArray();
            var mean = new float[cols];
            var variance = new float[cols];
            VectorOps.ColumnMeanVariance(x, rows, mean, variance);
            for (var j = 0; j < cols; j++)
            {
                double m = 0, v = 0;
                for (var r = 0; r < rows; r++) m += x[r * cols + j];
                m /= rows;
                for (var r = 0; r < rows; r++) v += (x[r * cols + j] - m) * (x[r * cols + j] - m);
                v /= rows;
                // mean: rows additions of values ≤ 101 → γ_rows·101; variance: the mean's error δ enters as δ² and
                // each (x − mean) carries ≤ 101·u of rounding, so |Δvar| ≤ (rows + 4)·u·(var + 2·101·|x − mean|max).
                Assert.AreEqual(m, mean[j], (rows + 2) * UnitRoundoff * 101, $"mean cols={cols} j={j}");
                Assert.AreEqual(v, variance[j], (rows + 4) * UnitRoundoff * (v + 2 * 101 * 2), $"variance cols={cols} j={j}");
            }
        }
    }

    [TestMethod]
    public void ColumnMeanVariance_RejectsEmptyBatch()
    {
        var e = Assert.ThrowsExactly<InvalidOptionException>(() => VectorOps.ColumnMeanVariance([], 0, new float[3], new float[3]));
        StringAssert.Contains(e.Message, "rows");
    }

    [TestMethod]
    public void ScaleShiftColumns_MatchesFmaScalarLoop_ForAllWidths()
    {
        for (var cols = 0; cols <= MaxLength; cols++)
        {
            var rng = new Random(cols);
            const int rows = 3;
            var x = Random(rng, rows * cols);
            var scale = Random(rng, cols);
            var shift = Random(rng, cols);
            var expected = new float[rows * cols];
            for (var r = 0; r < rows; r++) for (var j = 0; j < cols; j++) expected[r * cols + j] = MathF.FusedMultiplyAdd(x[r * cols + j], scale[j], shift[j]);
            VectorOps.ScaleShiftColumns(x, rows, scale, shift, x);
            CollectionAssert.AreEqual(expected, x, $"cols={cols} (in place)");
        }
    }

    [TestMethod]
    public void LeakyRelu_ForwardAndBackward_MatchScalarDefinition_ForAllLengths()
    {
        foreach (var slope in new[] { 0f, 0.01f, 0.2f })
        {
            for (var n = 0; n <= MaxLength; n++)
            {
                var rng = new Random(n);
                var x = Random(rng, n);
                if (n > 3) { x[0] = 0f; x[1] = -0f; x[2] = float.NaN; }
                var dy = Random(rng, n);
                var y = new float[n];
                var dx = new float[n];
                VectorOps.LeakyRelu(x, y, slope);
                VectorOps.LeakyReluBackward(x, dy, dx, slope);
                for (var i = 0; i < n; i++)
                {
                    var fy = x[i] > 0f ? x[i] : x[i] * slope;
                    var fdx = x[i] > 0f ? dy[i] : dy[i] * slope;
                    Assert.AreEqual(BitConverter.SingleToInt32Bits(fy), BitConverter.SingleToInt32Bits(y[i]), $"forward n={n} i={i} slope={slope}");
                    Assert.AreEqual(BitConverter.SingleToInt32Bits(fdx), BitConverter.SingleToInt32Bits(dx[i]), $"backward n={n} i={i} slope={slope}");
                }
            }
        }
    }

    [TestMethod]
    public void SquaredDistanceAndScaledDifference_MatchDoubleReference_ForAllLengths()
    {
        for (var n = 0; n <= MaxLength; n++)
        {
            var rng = new Random(n);
            var a = Random(rng, n);
            var b = Random(rng, n);
            double expected = 0;
            for (var i = 0; i < n; i++) expected += (a[i] - (double)b[i]) * (a[i] - (double)b[i]);
            Assert.AreEqual(expected, VectorOps.SquaredDistance(a, b), (n + 8) * UnitRoundoff * expected + 1e-30, $"n={n}");
            var d = new float[n];
            VectorOps.ScaledDifference(a, b, 0.5f, d);
            for (var i = 0; i < n; i++) Assert.AreEqual((a[i] - b[i]) * 0.5f, d[i], $"n={n} i={i}");
        }
    }

    [TestMethod]
    public void RmsPropStep_MatchesPyTorchFormula_ForAllLengths()
    {
        for (var n = 0; n <= MaxLength; n++)
        {
            var rng = new Random(n);
            var p = Random(rng, n);
            var g = Random(rng, n);
            var s = Random(rng, n).Select(Math.Abs).ToArray();
            var (p0, s0) = ((float[])p.Clone(), (float[])s.Clone());
            VectorOps.RmsPropStep(p, g, s, 1e-3f, 0.99f, 1e-8f);
            for (var i = 0; i < n; i++)
            {
                // The formula in double with the same float hyper-parameters; a handful of float roundings,
                // each ≤ u relative to the magnitude of the terms involved: 8u of those magnitudes.
                var sv = (double)0.99f * s0[i] + (double)(1f - 0.99f) * g[i] * (double)g[i];
                var step = (double)1e-3f * g[i] / (Math.Sqrt(sv) + (double)1e-8f);
                var pv = p0[i] - step;
                Assert.AreEqual(sv, s[i], 8 * UnitRoundoff * Math.Abs(sv), $"square average n={n} i={i}");
                Assert.AreEqual(pv, p[i], 8 * UnitRoundoff * (Math.Abs(p0[i]) + Math.Abs(step)), $"parameter n={n} i={i}");
            }
        }
    }

    [TestMethod]
    public void AdamStep_MatchesPyTorchFormula_ForAllLengths()
    {
        for (var n = 0; n <= MaxLength; n++)
        {
            var rng = new Random(n);
            var p = Random(rng, n);
            var g = Random(rng, n);
            var m = Random(rng, n);
            var v = Random(rng, n).Select(Math.Abs).ToArray();
            var (p0, m0, v0) = ((float[])p.Clone(), (float[])m.Clone(), (float[])v.Clone());
            const int step = 3;
            VectorOps.AdamStep(p, g, m, v, 1e-3f, 0.9f, 0.999f, 1e-8f, step);
            for (var i = 0; i < n; i++)
            {
                // Same construction as the RMSprop test: double formula, float hyper-parameters, bounds relative
                // to the magnitudes of the terms (the bias corrections add two more roundings, hence 16u).
                double b1 = 0.9f, b2 = 0.999f;
                var mv = b1 * m0[i] + (double)(1f - 0.9f) * g[i];
                var vv = b2 * v0[i] + (double)(1f - 0.999f) * g[i] * (double)g[i];
                var update = (double)1e-3f * (mv / (1 - Math.Pow(b1, step))) / (Math.Sqrt(vv / (1 - Math.Pow(b2, step))) + (double)1e-8f);
                var pv = p0[i] - update;
                Assert.AreEqual(mv, m[i], 8 * UnitRoundoff * (Math.Abs(b1 * m0[i]) + Math.Abs(0.1 * g[i])), $"first moment n={n} i={i}");
                Assert.AreEqual(vv, v[i], 8 * UnitRoundoff * Math.Abs(vv), $"second moment n={n} i={i}");
                // The update inherits the first moment's error (bounded by the magnitude of its terms, which
                // may cancel) scaled like the update itself: lr·c1·(|β₁m| + |(1−β₁)g|)/(√v̂ + ε).
                var mTerms = Math.Abs(b1 * m0[i]) + Math.Abs(0.1 * g[i]);
                var updateScale = 1e-3 * mTerms / (1 - Math.Pow(b1, step)) / (Math.Sqrt(vv / (1 - Math.Pow(b2, step))) + 1e-8);
                Assert.AreEqual(pv, p[i], 16 * UnitRoundoff * (Math.Abs(p0[i]) + updateScale), $"parameter n={n} i={i}");
            }
        }
    }

    [TestMethod]
    public void Kernels_RejectMismatchedLengths()
    {
        Assert.ThrowsExactly<InvalidOptionException>(() => VectorOps.AddBiasRows(new float[5], 2, new float[3]));
        Assert.ThrowsExactly<InvalidOptionException>(() => VectorOps.LeakyRelu(new float[5], new float[4], 0.1f));
        Assert.ThrowsExactly<InvalidOptionException>(() => VectorOps.SumRows(new float[5], 2, new float[3]));
        Assert.ThrowsExactly<InvalidOptionException>(() => VectorOps.AdamStep(new float[2], new float[2], new float[2], new float[2], 1, 0.9f, 0.9f, 0, 0));
    }

    private static float[] Random(Random rng, int length)
    {
        var data = new float[length];
        for (var i = 0; i < length; i++) data[i] = (float)(rng.NextDouble() * 2 - 1);
        return data;
    }

    private static float[] Filled(int length, float value)
    {
        var data = new float[length];
        Array.Fill(data, value);
        return data;
    }
}
