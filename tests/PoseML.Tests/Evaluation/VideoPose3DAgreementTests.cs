using PoseML.Data;
using System.Text.Json;
using PoseML.Evaluation;

namespace PoseML.Tests.Evaluation;

/// <summary>Agreement with VideoPose3D's numpy metric definitions on random, noisy, scaled, rotated,
/// near-planar and mirrored poses (fixture from <c>Fixtures/metrics/make_fixtures.py</c>).</summary>
[TestClass]
public sealed class VideoPose3DAgreementTests
{
    /// <summary>The agreement the brief asks for (mm); the implementations differ only in double rounding.</summary>
    private const double AgreementMm = 0.01;

    /// <summary>PCK/AUC compare the same double distances with the same thresholds: equal up to rounding.</summary>
    private const double PercentTolerance = 1e-9;

    internal sealed record Case(string Name, int Frames, int Joints, float[] Predicted, float[] Target,
        double Mpjpe, double PMpjpe, double NMpjpeRaw, double NMpjpe, double VelocityRaw, double Velocity,
        double Pck150, double Auc, double[] PerJoint, double Symmetry);

    internal static IReadOnlyList<Case> LoadCases()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "metrics", "metrics_reference.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new Case(
            c.GetProperty("name").GetString()!,
            c.GetProperty("frames").GetInt32(),
            c.GetProperty("joints").GetInt32(),
            c.GetProperty("predicted").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
            c.GetProperty("target").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
            c.GetProperty("mpjpe").GetDouble(),
            c.GetProperty("p_mpjpe").GetDouble(),
            c.GetProperty("n_mpjpe_raw").GetDouble(),
            c.GetProperty("n_mpjpe").GetDouble(),
            c.GetProperty("velocity_raw").GetDouble(),
            c.GetProperty("velocity").GetDouble(),
            c.GetProperty("pck150").GetDouble(),
            c.GetProperty("auc").GetDouble(),
            c.GetProperty("per_joint").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
            c.GetProperty("symmetry").GetDouble())).ToList();
    }

    [TestMethod]
    public void Fixture_CoversTheDifficultCases()
    {
        var names = LoadCases().Select(c => c.Name).ToArray();
        CollectionAssert.IsSubsetOf(new[] { "noisy", "rotated_scaled_noisy", "scaled", "near_planar_prediction", "both_planar", "tiny_prediction", "reflected" }, names);
    }

    [TestMethod]
    public void SpanMetrics_AgreeWithNumpyDefinitions()
    {
        foreach (var c in LoadCases())
        {
            var j = c.Joints;
            Assert.AreEqual(c.Mpjpe, PoseMetrics.Mpjpe(c.Predicted, c.Target, j), AgreementMm, $"{c.Name}: mpjpe");
            Assert.AreEqual(c.PMpjpe, PoseMetrics.PaMpjpe(c.Predicted, c.Target, j), AgreementMm, $"{c.Name}: p_mpjpe");
            Assert.AreEqual(c.NMpjpe, PoseMetrics.NMpjpe(c.Predicted, c.Target, j), AgreementMm, $"{c.Name}: n_mpjpe root-relative");
            Assert.AreEqual(c.NMpjpeRaw, PoseMetrics.NMpjpe(c.Predicted, c.Target, j, rootAlign: false), AgreementMm, $"{c.Name}: n_mpjpe raw");
            Assert.AreEqual(c.Velocity, PoseMetrics.MeanVelocityError(c.Predicted, c.Target, j), AgreementMm, $"{c.Name}: velocity root-relative");
            Assert.AreEqual(c.VelocityRaw, PoseMetrics.MeanVelocityError(c.Predicted, c.Target, j, rootAlign: false), AgreementMm, $"{c.Name}: velocity raw");
            Assert.AreEqual(c.Pck150, PoseMetrics.Pck(c.Predicted, c.Target, j), PercentTolerance, $"{c.Name}: pck150");
            Assert.AreEqual(c.Auc, PoseMetrics.Auc(c.Predicted, c.Target, j), PercentTolerance, $"{c.Name}: auc");
            Assert.AreEqual(c.Symmetry, PoseMetrics.BoneSymmetryError(c.Predicted, Skeletons.Human36M17), AgreementMm, $"{c.Name}: symmetry");
            var perJoint = new double[j];
            PoseMetrics.PerJointMpjpe(c.Predicted, c.Target, j, perJoint);
            for (var k = 0; k < j; k++) Assert.AreEqual(c.PerJoint[k], perJoint[k], AgreementMm, $"{c.Name}: joint {k}");
        }
    }
}
