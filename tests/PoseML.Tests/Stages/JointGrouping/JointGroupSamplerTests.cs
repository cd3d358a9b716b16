using PoseML.Core;
using PoseML.Stages.JointGrouping;

namespace PoseML.Tests.Stages.JointGrouping;

[TestClass]
public sealed class JointGroupSamplerTests
{
    /// <summary>A small synthetic walking sequence on a 9-joint skeleton (mm): 0 pelvis, 1–2 spine/head,
    /// 3–5 left hip/knee/ankle, 6–8 right hip/knee/ankle. Legs swing in antiphase, the body advances.</summary>
    private static float[] Walking(int frames = 60, float unit = 1)
    {
        var poses = new float[frames * 9 * 3];
        for (var f = 0; f < frames; f++)
        {
            var phase = 2 * Math.PI * f / 30;
            var forward = 20.0 * f;
            double[,] p =
            {
                { 0, 1000, 0 }, { 0, 1300, 0 }, { 0, 1700, 0 },
                { -100, 1000, 0 }, { -100, 550, 300 * Math.Sin(phase) }, { -100, 100, 500 * Math.Sin(phase) },
                { 100, 1000, 0 }, { 100, 550, -300 * Math.Sin(phase) }, { 100, 100, -500 * Math.Sin(phase) },
            };
            for (var i = 0; i < 9; i++)
            {
                poses[(f * 9 + i) * 3] = (float)(p[i, 0] * unit);
                poses[(f * 9 + i) * 3 + 1] = (float)(p[i, 1] * unit);
                poses[(f * 9 + i) * 3 + 2] = (float)((p[i, 2] + forward) * unit);
            }
        }
        return poses;
    }

    [TestMethod]
    public void Similarity_IsEq1NormalisedByItsMaximum()
    {
        float[] poses = [0, 0, 0, 3, 4, 0, 0, 0, 1, /* frame 2 */ 0, 0, 0, 0, 0, 0, 0, 0, 2];
        var raw = JointSimilarity.Compute(poses, 3);
        Assert.AreEqual(25.0 + 0.0, raw[0 * 3 + 1], 1e-12);  // |(3,4,0)|² + 0
        Assert.AreEqual(1.0 + 4.0, raw[0 * 3 + 2], 1e-12);
        Assert.AreEqual(9 + 16 + 1 + 4.0, raw[1 * 3 + 2], 1e-12);
        var normalised = JointSimilarity.ComputeNormalized(poses, 3);
        Assert.AreEqual(1.0, normalised.Max(), 1e-12);
        Assert.AreEqual(25.0 / 30.0, normalised[1], 1e-12);
        Assert.ThrowsExactly<InvalidOptionException>(() => JointSimilarity.Compute(new float[10], 3));
    }

    [TestMethod]
    [DataRow(3, 1)]
    [DataRow(5, 4)]
    [DataRow(9, 10)]
    public void Sample_GivesGroupsOfSizeNgCoveringEveryJointAtLeastMgTimes(int groupSize, int minCoverage)
    {
        var g = JointGroupSampler.Sample(Walking(), 9, new JointGroupSamplingOptions { GroupSize = groupSize, MinCoverage = minCoverage, Seed = 3 });
        Assert.IsTrue(g.Groups.All(x => x.Length == groupSize));
        Assert.IsGreaterThanOrEqualTo(minCoverage, g.Coverage.Min());
    }

    [TestMethod]
    public void Sample_IsDeterministicBySeed()
    {
        var a = JointGroupSampler.Sample(Walking(), 9, new JointGroupSamplingOptions { GroupSize = 4, Seed = 5 });
        var b = JointGroupSampler.Sample(Walking(), 9, new JointGroupSamplingOptions { GroupSize = 4, Seed = 5 });
        var c = JointGroupSampler.Sample(Walking(), 9, new JointGroupSamplingOptions { GroupSize = 4, Seed = 6 });
        Assert.AreEqual(a, b);
        Assert.AreNotEqual(a, c);
    }

    [TestMethod]
    public void Sample_WithLambdaZeroIsTheUniformSampler()
    {
        var options = new JointGroupSamplingOptions { GroupSize = 4, Seed = 9, Lambda = 0 };
        Assert.AreEqual(JointGroupSampler.Uniform(9, options), JointGroupSampler.Sample(Walking(), 9, options));
    }

    [TestMethod]
    public void Sample_LargeLambdaKeepsAnkleGroupsInTheLegs()
    {
        // Eq. 1 is a positional distance, so with a large λ a group that contains the left ankle (5) is
        // filled with joints near it: the legs {3..8}, never the spine or head.
        static double LegPurity(double lambda)
        {
            var g = JointGroupSampler.Sample(Walking(), 9, new JointGroupSamplingOptions { GroupSize = 3, MinCoverage = 30, Seed = 1, Lambda = lambda });
            int[] legs = [3, 4, 5, 6, 7, 8];
            var ankleGroups = g.Groups.Where(x => x.Contains(5)).ToArray();
            return ankleGroups.Count(x => x.All(legs.Contains)) / (double)ankleGroups.Length;
        }
        var uniform = LegPurity(0);
        var tight = LegPurity(200);
        // Uniform: P(both partners of the ankle among the other 5 leg joints) = (5/8)(4/7) ≈ 0.36.
        Assert.IsLessThan(0.55, uniform, $"uniform purity {uniform:F2}");
        Assert.IsGreaterThan(0.9, tight, $"λ = 200 purity {tight:F2}");
    }

    [TestMethod]
    public void Sample_DoesNotDependOnPoseUnits()
    {
        var options = new JointGroupSamplingOptions { GroupSize = 4, Seed = 2 };
        Assert.AreEqual(JointGroupSampler.Sample(Walking(unit: 1), 9, options), JointGroupSampler.Sample(Walking(unit: 0.001f), 9, options));
    }

    [TestMethod]
    public void Sample_RejectsBadOptions()
    {
        Assert.ThrowsExactly<InvalidOptionException>(() => JointGroupSampler.Uniform(9, new JointGroupSamplingOptions { GroupSize = 10 }));
        Assert.ThrowsExactly<InvalidOptionException>(() => JointGroupSampler.Uniform(9, new JointGroupSamplingOptions { GroupSize = 1 }));
        Assert.ThrowsExactly<InvalidOptionException>(() => JointGroupSampler.Uniform(9, new JointGroupSamplingOptions { GroupSize = 3, MinCoverage = 0 }));
        Assert.ThrowsExactly<InvalidOptionException>(() => JointGroupSampler.Sample(Walking(), 9, new JointGroupSamplingOptions { GroupSize = 3, Lambda = -1 }));
    }
}
