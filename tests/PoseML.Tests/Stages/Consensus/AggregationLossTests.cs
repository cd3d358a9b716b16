using PoseML.Data;
using PoseML.Core;
using PoseML.Stages.Consensus;
using PoseML.Stages.JointGrouping;

namespace PoseML.Tests.Stages.Consensus;

[TestClass]
public sealed class AggregationLossTests
{
    private static readonly JointGroups Groups = JointGroupSampler.KinematicNeighbourhoods(Skeletons.Human36M17, 10);

    private static float[] RandomEstimates(int batch, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, batch * Groups.RowCount * 3).Select(_ => (float)(rng.NextDouble() * 2 - 1))];
    }

    [TestMethod]
    public void Matrix_IsASymmetricIdempotentProjection()
    {
        var m = new AggregationLoss(Groups).Matrix;
        var r = Groups.RowCount;
        var worst = 0.0;
        for (var i = 0; i < r; i++)
            for (var j = 0; j < r; j++)
            {
                worst = Math.Max(worst, Math.Abs(m[i * r + j] - m[j * r + i]));
                var mm = 0.0;
                for (var k = 0; k < r; k++) mm += m[i * r + k] * m[k * r + j];
                worst = Math.Max(worst, Math.Abs(mm - m[i * r + j]));
            }
        Assert.IsLessThan(1e-12, worst); // double arithmetic on O(1) entries
    }

    [TestMethod]
    public void Apply_EqualsTheDenseMatrixOnEachCoordinateColumn()
    {
        var loss = new AggregationLoss(Groups);
        var f = RandomEstimates(2, 1);
        var y = new float[f.Length];
        loss.Apply(f, y);
        var r = Groups.RowCount;
        for (var s = 0; s < 2; s++)
            for (var i = 0; i < r; i++)
                for (var d = 0; d < 3; d++)
                {
                    var expected = 0.0;
                    for (var k = 0; k < r; k++) expected += loss.Matrix[i * r + k] * f[(s * r + k) * 3 + d];
                    Assert.AreEqual(expected, y[(s * r + i) * 3 + d], 1e-5); // float output of O(1) values
                }
    }

    [TestMethod]
    public void Compute_OnConsistentEstimatesChargesExactlyTheGroupMeans()
    {
        // Consistent estimates (one pose, each group shifted): centre_j(X) is each group's centred block, so
        // L = Σ_j ‖X̂_j − centre(X̂_j)‖² = Σ_j n_g ‖mean(X̂_j)‖², and 0 once every group is centred.
        var problem = ConsensusSynthetic.Make(Groups, frames: 2, seed: 3, noiseMm: 0, outlierFraction: 0, scale: 1);
        var f = problem.Estimates;
        var expected = 0.0;
        for (var s = 0; s < 2; s++)
            for (var j = 0; j < Groups.GroupCount; j++)
                for (var d = 0; d < 3; d++)
                {
                    var o = s * Groups.RowCount + Groups.RowOffset(j);
                    var mean = Enumerable.Range(0, Groups.Groups[j].Length).Average(k => (double)f[(o + k) * 3 + d]);
                    expected += Groups.Groups[j].Length * mean * mean;
                    for (var k = 0; k < Groups.Groups[j].Length; k++) f[(o + k) * 3 + d] -= (float)mean;
                }
        var loss = new AggregationLoss(Groups);
        var gradient = new float[f.Length];
        var centredValue = loss.Compute(f, gradient);
        // Float inputs in metres (translations ~4 m, rounding ~2e-7 m per value, 1,020 values).
        Assert.IsLessThan(1e-9, centredValue);
        var shifted = ConsensusSynthetic.Make(Groups, frames: 2, seed: 3, noiseMm: 0, outlierFraction: 0, scale: 1).Estimates;
        Assert.AreEqual(expected, loss.Compute(shifted, gradient), 1e-5 * expected);
    }

    [TestMethod]
    public void Compute_GradientMatchesFiniteDifferences()
    {
        var loss = new AggregationLoss(Groups);
        var f = RandomEstimates(2, 4);
        var gradient = new float[f.Length];
        var value = loss.Compute(f, gradient);
        Assert.IsGreaterThan(0.0, value);
        var scratch = new float[f.Length];
        var rng = new Random(2);
        for (var t = 0; t < 40; t++)
        {
            var q = rng.Next(f.Length);
            var h = 1e-2f; // L is quadratic, so central differences are exact up to float rounding of f ± h
            var original = f[q];
            f[q] = original + h;
            var plus = loss.Compute(f, scratch);
            f[q] = original - h;
            var minus = loss.Compute(f, scratch);
            f[q] = original;
            var numeric = (plus - minus) / ((double)(original + h) - (original - h));
            Assert.AreEqual(numeric, gradient[q], 1e-4, $"entry {q}");
        }
    }

    [TestMethod]
    public void Constructor_RejectsGroupsThatDoNotConnectEveryJoint()
    {
        Assert.ThrowsExactly<InvalidOptionException>(() => new AggregationLoss(new JointGroups(4, [[0, 1], [2, 3]])));
        Assert.ThrowsExactly<InvalidOptionException>(() => new AggregationLoss(new JointGroups(4, [[0, 1, 2]])));
    }
}
