using PoseML.Stages.GroupLifters;
using PoseML.Stages.JointGrouping;

namespace PoseML.Tests.Stages.DeepPoseConsensus;

[TestClass]
public sealed class GroupLiftingLossTests
{
    private static readonly JointGroups Groups = JointGroupSampler.Uniform(17, new JointGroupSamplingOptions { GroupSize = 5, MinCoverage = 2, Seed = 1 });

    [TestMethod]
    public void AggregationSwitch_ChangesTheGradient_WhichMatchesFiniteDifferences()
    {
        var random = new Random(4);
        const int batch = 2;
        var n = batch * Groups.RowCount * 3;
        var f = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5) * 0.4f).ToArray();
        var t = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5) * 0.4f).ToArray();
        var off = new float[n];
        var on = new float[n];
        new GroupLiftingLoss(Groups, useAggregation: false).Compute(f, t, off);
        var loss = new GroupLiftingLoss(Groups, useAggregation: true, aggregationWeight: 0.7);
        loss.Compute(f, t, on);
        for (var i = 0; i < n; i++) Assert.AreEqual(2.0 * (f[i] - t[i]) / batch, off[i], 1e-6, "without L_aggre the gradient is 2(F − T)/B");
        Assert.IsTrue(Enumerable.Range(0, n).Max(i => Math.Abs(on[i] - off[i])) > 1e-3, "L_aggre must change the gradient");
        // Central differences of the total (L_lifting + 0.7·L_aggre) in double around float inputs.
        const float h = 1e-3f;
        const double GradientTolerance = 2e-3; // float32 losses of ~1 m² differenced over 2e-3
        var scratch = new float[n];
        foreach (var i in new[] { 0, 7, n / 2, n - 1 })
        {
            var saved = f[i];
            f[i] = saved + h;
            var (l1, a1) = loss.Compute(f, t, scratch);
            f[i] = saved - h;
            var (l2, a2) = loss.Compute(f, t, scratch);
            f[i] = saved;
            var numeric = ((l1 + 0.7 * a1) - (l2 + 0.7 * a2)) / (2 * h);
            Assert.AreEqual(numeric, on[i], GradientTolerance, $"element {i}");
        }
    }
}
