using PoseML.Core;
using PoseML.Stages.RarePose;

namespace PoseML.Tests.Stages.RarePose;

[TestClass]
public sealed class RarePoseSelectionTests
{
    private const int Joints = 17;

    [TestMethod]
    [DataRow(OccurrenceMode.Exact)]
    [DataRow(OccurrenceMode.Fast)]
    public void RarestRows_PicksPlantedOutliers(OccurrenceMode mode)
    {
        // 195 jittered copies of one real pose (25 mm noise per coordinate) and 5 planted outliers whose arms and a
        // leg are thrown ~800 mm out in random directions
        var basePose = OccurrenceScorerTests.CmuPoses(1, "01_01").AsSpan(0, Joints * 3).ToArray();
        var rng = new Random(3);
        double Noise() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var outliers = new[] { 17, 60, 61, 130, 199 };
        var poses = new float[200 * Joints * 3];
        for (var f = 0; f < 200; f++)
        {
            for (var i = 0; i < Joints * 3; i++) poses[f * Joints * 3 + i] = basePose[i] + (float)(25 * Noise());
            if (!outliers.Contains(f)) continue;
            foreach (var j in new[] { 12, 13, 15, 16, 5, 6 }) // elbows, wrists, left knee and foot
            {
                double dx = Noise(), dy = Noise(), dz = Noise();
                var n = Math.Sqrt(dx * dx + dy * dy + dz * dz) / 800;
                poses[(f * Joints + j) * 3] += (float)(dx / n);
                poses[(f * Joints + j) * 3 + 1] += (float)(dy / n);
                poses[(f * Joints + j) * 3 + 2] += (float)(dz / n);
            }
        }
        var scorer = OccurrenceScorer.Fit(poses, Joints, new RarePoseOptions { Mode = mode }); // reference = test set, as in the paper
        var rarest = RarePoseSelection.RarestRows(scorer.Score(poses), 2.5);
        CollectionAssert.AreEqual(outliers, rarest);
    }

    [TestMethod]
    [DataRow(100L, 10.0, 10)]
    [DataRow(95L, 10.0, 10)]   // 9.5 rounds up
    [DataRow(10L, 0.1, 1)]     // any R > 0 keeps at least one pose
    [DataRow(1000L, 20.0, 200)]
    [DataRow(3L, 100.0, 3)]
    [DataRow(0L, 10.0, 0)]
    [DataRow(7L, 30.0, 3)]     // 2.1 rounds up
    public void RarestCount_IsCeilingOfPercentOfN(long n, double percent, int expected) =>
        Assert.AreEqual(expected, RarePoseSelection.RarestCount(n, percent));

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(-5.0)]
    [DataRow(100.5)]
    [DataRow(double.NaN)]
    public void RarestCount_RejectsPercentOutsideRange(double percent) =>
        Assert.ThrowsExactly<InvalidOptionException>(() => RarePoseSelection.RarestCount(10, percent));

    [TestMethod]
    public void RarestRows_BreaksTiesByRowAndNeverSelectsNaN()
    {
        float[] occurrence = [0.5f, 0.1f, float.NaN, 0.1f, 0.3f, 0.1f, 0.9f, 0.2f];
        CollectionAssert.AreEqual(new[] { 1, 3 }, RarePoseSelection.RarestRows(occurrence, 25));
        CollectionAssert.AreEqual(new[] { 1, 3, 5, 7 }, RarePoseSelection.RarestRows(occurrence, 50));
        // all 8: the NaN row would be the 8th, and is left out
        CollectionAssert.AreEqual(new[] { 0, 1, 3, 4, 5, 6, 7 }, RarePoseSelection.RarestRows(occurrence, 100));
        var mask = RarePoseSelection.RarestMask(occurrence, 25);
        CollectionAssert.AreEqual(new[] { false, true, false, true, false, false, false, false }, mask);
    }
}
