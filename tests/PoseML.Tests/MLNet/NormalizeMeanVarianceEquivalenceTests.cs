using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.MLNet;

namespace PoseML.Tests.MLNet;

/// <summary>Shows that ML.NET's own <c>NormalizeMeanVariance</c> can replace PoseML's on a float[J,2] column, and with
/// which arguments: ML.NET's default <c>fixZero: true</c> only scales (by 1/√(mean² + variance), keeping zero at
/// zero), so it is NOT our z-score; <c>fixZero: false</c> centres and scales per element like ours; <c>useCdf</c>
/// defaults to false (no CDF), as ours.</summary>
[TestClass]
public sealed class NormalizeMeanVarianceEquivalenceTests
{
    private const int Rows = 500, J = 17;

    /// <summary>Both z-scores compute mean and variance in double and write <c>(x − mean)·scale</c> in float; ML.NET
    /// accumulates with another update (Welford) and may use the sample rather than population variance, which differs
    /// by √(n/(n−1)) − 1 ≈ 1e-3 at n = 500. Z-scores of these data are ≲ 4 in magnitude, so 5e-6 absolute allows float
    /// rounding only and would catch a variance convention that differs from ours.</summary>
    private const float Tolerance = 5e-6f;

    private sealed class Row
    {
        public float[] Keypoints2D { get; set; } = [];
    }

    /// <summary>PoseML's z-score, computed here independently: per element, population mean and standard deviation in
    /// double, then <c>(x − mean)·(1/std)</c> in float; a constant element is only centred.</summary>
    private static float[] ZScore(float[][] rows)
    {
        var n = rows.Length;
        var d = rows[0].Length;
        var z = new float[n * d];
        for (var e = 0; e < d; e++)
        {
            var mean = rows.Average(r => (double)r[e]);
            var std = Math.Sqrt(rows.Sum(r => (r[e] - mean) * (r[e] - mean)) / n);
            var scale = std > 0 ? (float)(1 / std) : 1f;
            for (var i = 0; i < n; i++) z[i * d + e] = (rows[i][e] - (float)mean) * scale;
        }
        return z;
    }

    [TestMethod]
    public void MLNetNormalizeMeanVariance_UsesPopulationMeanAndStdPerElement()
    {
        // Element 0: 1, 3, 5 → mean 3, population std √(8/3). Element 1 is constant → only centred (ML.NET: 0).
        var ml = new MLContext(seed: 1);
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Keypoints2D)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 2);
        var data = ml.Data.LoadFromEnumerable(new[] { new Row { Keypoints2D = [1, 7] }, new Row { Keypoints2D = [3, 7] }, new Row { Keypoints2D = [5, 7] } }, definition);
        var y = FreshProcess.Floats(ml.Transforms.NormalizeMeanVariance("Y", "Keypoints2D", fixZero: false).Fit(data).Transform(data), "Y");
        var s = Math.Sqrt(8.0 / 3);
        // Tolerance: one float rounding of (x − mean) · (1/std) with |result| ≤ 1.3.
        const double FloatRounding = 1e-6;
        Assert.AreEqual(-2 / s, y[0], FloatRounding);
        Assert.AreEqual(0, y[2], FloatRounding);
        Assert.AreEqual(2 / s, y[4], FloatRounding);
        Assert.AreEqual(0, y[1], FloatRounding);
    }

    [TestMethod]
    public void MLNetNormalizeMeanVariance_WithFixZeroFalse_EqualsOurs_AndTheDefaultDoesNot()
    {
        var rng = new Random(3);
        var items = Enumerable.Range(0, Rows).Select(_ => new Row
        {
            Keypoints2D = Enumerable.Range(0, J * 2).Select(i => (float)(300 + 40 * i + (i % 5 + 1) * 25 * (rng.NextDouble() * 2 - 1))).ToArray(),
        }).ToList();
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Keypoints2D)].ColumnType = PoseColumnTypes.Keypoints2D(J);
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(items, definition);

        var ours = ZScore(items.Select(r => r.Keypoints2D).ToArray());
        var mlnet = FreshProcess.Floats(ml.Transforms.NormalizeMeanVariance("Keypoints2D", fixZero: false).Fit(data).Transform(data), "Keypoints2D");
        var worst = ours.Zip(mlnet, (a, b) => MathF.Abs(a - b)).Max();
        Console.WriteLine($"ours vs ML.NET (fixZero: false): largest difference {worst:E2}");
        Assert.IsTrue(worst <= Tolerance, $"largest difference {worst}");

        var byDefault = FreshProcess.Floats(ml.Transforms.NormalizeMeanVariance("Keypoints2D").Fit(data).Transform(data), "Keypoints2D");
        Assert.IsTrue(ours.Zip(byDefault, (a, b) => MathF.Abs(a - b)).Max() > 0.1, "ML.NET's default fixZero: true does not centre");
        Assert.AreEqual("Vector<Single, 17, 2>", ml.Transforms.NormalizeMeanVariance("Keypoints2D", fixZero: false).Fit(data).Transform(data).Schema["Keypoints2D"].Type.ToString());
    }
}
