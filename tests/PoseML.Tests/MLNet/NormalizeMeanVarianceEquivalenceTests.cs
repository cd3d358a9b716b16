using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.MLNet;
using PoseML.Pipeline;
using DialectNormalization = PoseML.Pipeline.NormalizationCatalog;

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

        var ours = FreshProcess.Floats(DialectNormalization.NormalizeMeanVariance(new PoseContext(1).Transforms, "Keypoints2D").Fit(data).Transform(data), "Keypoints2D");
        var mlnet = FreshProcess.Floats(ml.Transforms.NormalizeMeanVariance("Keypoints2D", fixZero: false).Fit(data).Transform(data), "Keypoints2D");
        var worst = ours.Zip(mlnet, (a, b) => MathF.Abs(a - b)).Max();
        Console.WriteLine($"ours vs ML.NET (fixZero: false): largest difference {worst:E2}");
        Assert.IsTrue(worst <= Tolerance, $"largest difference {worst}");

        var byDefault = FreshProcess.Floats(ml.Transforms.NormalizeMeanVariance("Keypoints2D").Fit(data).Transform(data), "Keypoints2D");
        Assert.IsTrue(ours.Zip(byDefault, (a, b) => MathF.Abs(a - b)).Max() > 0.1, "ML.NET's default fixZero: true does not centre");
        Assert.AreEqual("Vector<Single, 17, 2>", ml.Transforms.NormalizeMeanVariance("Keypoints2D", fixZero: false).Fit(data).Transform(data).Schema["Keypoints2D"].Type.ToString());
    }
}
