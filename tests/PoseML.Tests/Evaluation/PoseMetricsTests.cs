using PoseML.Data;
using MathNet.Numerics.LinearAlgebra;
using PoseML.Core;
using PoseML.Evaluation;

namespace PoseML.Tests.Evaluation;

[TestClass]
public sealed class PoseMetricsTests
{
    /// <summary>Hand-computed values use exactly representable coordinates; only double rounding remains.</summary>
    private const double HandTolerance = 1e-9;

    /// <summary>Coordinates of a few metres stored as float32 round at ~0.0005 mm, so an exact alignment
    /// leaves errors of that order.</summary>
    private const double Float32PoseRoundingMm = 2e-3;

    [TestMethod]
    public void Mpjpe_HandComputedOnTinyPoses()
    {
        // Frame 0: root-relative joint 1 is (0,3,4) vs (0,0,0) → 5. Frame 1: (0,0,12) vs (0,5,0) → 13.
        float[] predicted = [10, 0, 0, 10, 3, 4, /**/ -7, 2, 1, -7, 2, 13];
        float[] target = [0, 0, 0, 0, 0, 0, /**/ 1, 1, 1, 1, 6, 1];
        Assert.AreEqual((0 + 5 + 0 + 13) / 4.0, PoseMetrics.Mpjpe(predicted, target, 2), HandTolerance);
        var perJoint = new double[2];
        PoseMetrics.PerJointMpjpe(predicted, target, 2, perJoint);
        Assert.AreEqual(0, perJoint[0], HandTolerance);
        Assert.AreEqual(9, perJoint[1], HandTolerance);
    }

    [TestMethod]
    public void PckAndAuc_HandComputedWithStrictThresholds()
    {
        // Non-root errors 10, 150 and 149 mm. PCK@150: 10 and 149 count, 150 does not (strict) → 2/3.
        // AUC: 10 is below 28 thresholds (15..150), 149 below one (150), 150 below none → 29 / (3·31).
        float[] predicted = [0, 0, 0, 10, 0, 0, 0, 150, 0, 0, 0, 149];
        var target = new float[12];
        Assert.AreEqual(200.0 / 3, PoseMetrics.Pck(predicted, target, 4), HandTolerance);
        Assert.AreEqual(100.0 * 29 / 93, PoseMetrics.Auc(predicted, target, 4), HandTolerance);
        Assert.AreEqual(100.0 / 3, PoseMetrics.Pck(predicted, target, 4, thresholdMm: 149), HandTolerance);
    }

    [TestMethod]
    public void Pck_IgnoresRootAndTranslation()
    {
        // The whole prediction is shifted by 1 m: root alignment removes it, every joint is exact.
        float[] predicted = [1000, 0, 0, 1010, 0, 0];
        float[] target = [0, 0, 0, 10, 0, 0];
        Assert.AreEqual(100, PoseMetrics.Pck(predicted, target, 2), HandTolerance);
        Assert.AreEqual(100.0 * 30 / 31, PoseMetrics.Auc(predicted, target, 2), HandTolerance); // 0 mm is not < 0
    }

    [TestMethod]
    public void PaMpjpe_IsZeroUnderRandomSimilarityTransforms()
    {
        for (var seed = 0; seed < 25; seed++)
        {
            var rng = new Random(seed);
            var target = PoseTestData.RandomPoses(seed, frames: 4, joints: 17);
            var r = PoseTestData.RandomRotation(rng);
            var scale = 0.3 + 2.7 * rng.NextDouble();
            var predicted = PoseTestData.Transform(target, r, scale, (rng.Next(-2000, 2000), rng.Next(-2000, 2000), rng.Next(-2000, 2000)));
            // Scale the tolerance with the prediction's size, which is what rounding scales with.
            Assert.AreEqual(0, PoseMetrics.PaMpjpe(predicted, target, 17), Float32PoseRoundingMm * Math.Max(1, 1 / scale), $"seed {seed}");
            Assert.IsGreaterThan(1.0, PoseMetrics.Mpjpe(predicted, target, 17), "the transform must actually move the pose");
        }
    }

    [TestMethod]
    public void PaMpjpe_IsNotZeroUnderReflection()
    {
        var target = PoseTestData.RandomPoses(7, frames: 5, joints: 17);
        var mirror = new double[] { -1, 0, 0, 0, 1, 0, 0, 0, 1 };
        var rng = new Random(3);
        var r = PoseTestData.RandomRotation(rng);
        var reflected = PoseTestData.Transform(PoseTestData.Transform(target, mirror, 1, (0, 0, 0)), r, 1.2, (100, 200, 300));
        // Reflections are excluded, so a mirrored (non-planar) pose keeps a large error…
        Assert.IsGreaterThan(50.0, PoseMetrics.PaMpjpe(reflected, target, 17));
        // …while the same pose without the mirror aligns exactly.
        Assert.AreEqual(0, PoseMetrics.PaMpjpe(PoseTestData.Transform(target, r, 1.2, (100, 200, 300)), target, 17), Float32PoseRoundingMm);
    }

    [TestMethod]
    public void ProperRotation_MatchesSvdWithReflectionCorrection()
    {
        // Independent reference: MathNet's SVD, R = V·diag(1,1,sign det(V·Uᵀ))·Uᵀ (VideoPose3D's construction).
        var rng = new Random(11);
        for (var trial = 0; trial < 300; trial++)
        {
            var h = new double[9];
            for (var i = 0; i < 9; i++) h[i] = rng.NextDouble() * 2 - 1;
            if (trial % 3 == 1) for (var i = 0; i < 3; i++) h[i * 3 + 2] = 1e-4 * h[i * 3 + 2] + 0.5 * h[i * 3]; // near rank 2
            var r = new double[9];
            SimilarityAlignment.ProperRotation(h, r);
            var m = Matrix<double>.Build.DenseOfRowMajor(3, 3, h);
            var svd = m.Svd(computeVectors: true);
            var v = svd.VT.Transpose();
            var reference = v * svd.U.Transpose();
            if (reference.Determinant() < 0)
            {
                v.SetColumn(2, v.Column(2) * -1);
                reference = v * svd.U.Transpose();
            }
            for (var i = 0; i < 9; i++) Assert.AreEqual(reference[i / 3, i % 3], r[i], 1e-8, $"trial {trial}, element {i}");
        }
    }

    [TestMethod]
    public void NMpjpe_IsInvariantToScalingThePrediction()
    {
        var target = PoseTestData.RandomPoses(5, 4, 17);
        var predicted = PoseTestData.AddNoise(target, 60, 6);
        var baseline = PoseMetrics.NMpjpe(predicted, target, 17);
        foreach (var s in new[] { 0.25, 0.9, 3.0 })
        {
            var scaled = predicted.Select(v => (float)(v * s)).ToArray();
            Assert.AreEqual(baseline, PoseMetrics.NMpjpe(scaled, target, 17), 1e-4, $"scale {s}");
            Assert.AreEqual(PoseMetrics.NMpjpe(predicted, target, 17, rootAlign: false), PoseMetrics.NMpjpe(scaled, target, 17, rootAlign: false), 1e-4);
        }
    }

    [TestMethod]
    public void NMpjpe_IsZeroForAScaledCopy()
    {
        var target = PoseTestData.RandomPoses(8, 3, 17);
        var half = target.Select(v => v * 0.5f).ToArray();
        Assert.AreEqual(0, PoseMetrics.NMpjpe(half, target, 17), Float32PoseRoundingMm);
        Assert.IsGreaterThan(100.0, PoseMetrics.Mpjpe(half, target, 17));
    }

    [TestMethod]
    public void MeanVelocityError_HandComputed()
    {
        // One joint along x: predicted 0, 1, 3 → velocities 1, 2; target 0, 2, 2 → 2, 0; errors 1, 2.
        float[] predicted = [0, 0, 0, 1, 0, 0, 3, 0, 0];
        float[] target = [0, 0, 0, 2, 0, 0, 2, 0, 0];
        Assert.AreEqual(1.5, PoseMetrics.MeanVelocityError(predicted, target, 1, rootAlign: false), HandTolerance);
        // Root-aligned, a lone root has no error at all.
        Assert.AreEqual(0, PoseMetrics.MeanVelocityError(predicted, target, 1), HandTolerance);
        // Two joints: the root travels 100 mm/frame in the prediction only; joint 1 moves as above
        // relative to it. Root-aligned: errors 0, 1 then 0, 2 → 0.75. Raw: root errors 100, 100;
        // joint 1 errors |101 − 2| = 99, |102 − 0| = 102 → 100.25.
        float[] p2 = [0, 0, 0, 0, 0, 0, /**/ 100, 0, 0, 101, 0, 0, /**/ 200, 0, 0, 203, 0, 0];
        float[] t2 = [0, 0, 0, 0, 0, 0, /**/ 0, 0, 0, 2, 0, 0, /**/ 0, 0, 0, 2, 0, 0];
        Assert.AreEqual(0.75, PoseMetrics.MeanVelocityError(p2, t2, 2), HandTolerance);
        Assert.AreEqual(100.25, PoseMetrics.MeanVelocityError(p2, t2, 2, rootAlign: false), HandTolerance);
        Assert.IsTrue(double.IsNaN(PoseMetrics.MeanVelocityError(p2.AsSpan(0, 6), t2.AsSpan(0, 6), 2)), "one frame has no velocity");
    }

    [TestMethod]
    public void BoneSymmetryError_HandComputed()
    {
        // H36M: LHip 120 mm from the hip vs RHip 100 mm → 20; LKnee 430 mm below LHip vs RKnee 400 → 30;
        // all other joints sit on their parents, so the four other pairs differ by 0. Mean 50 / 6.
        var s = Skeletons.Human36M17;
        var pose = new float[17 * 3];
        void Place(int joint, float dx, float dy)
        {
            var parent = s.Parents[joint];
            pose[joint * 3] = pose[parent * 3] + dx;
            pose[joint * 3 + 1] = pose[parent * 3 + 1] + dy;
            pose[joint * 3 + 2] = pose[parent * 3 + 2];
        }
        for (var j = 1; j < 17; j++) Place(j, 0, 0);
        Place(s.IndexOf("RHip"), 100, 0);
        Place(s.IndexOf("LHip"), -120, 0);
        for (var j = 1; j < 17; j++) if (s.Parents[j] > 0) Place(j, 0, 0); // children follow their moved parents
        Place(s.IndexOf("RKnee"), 0, -400);
        Place(s.IndexOf("LKnee"), 0, -430);
        Place(s.IndexOf("RFoot"), 0, 0);
        Place(s.IndexOf("LFoot"), 0, 0);
        Assert.AreEqual(50.0 / 6, PoseMetrics.BoneSymmetryError(pose, s), HandTolerance);
        // The mean over two identical frames is the same.
        Assert.AreEqual(50.0 / 6, PoseMetrics.BoneSymmetryError([.. pose, .. pose], s), HandTolerance);
    }

    [TestMethod]
    public void Mpjpe_ThrowsForMismatchedJointCounts()
    {
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => PoseMetrics.Mpjpe(new float[17 * 3], new float[16 * 3], 17));
        Assert.AreEqual("target", e.Column);
        e = Assert.ThrowsExactly<SchemaMismatchException>(() => PoseMetrics.PaMpjpe(new float[17 * 3 * 2], new float[17 * 3], 17));
        Assert.AreEqual("predicted", e.Column);
        StringAssert.Contains(e.Message, "2 poses");
    }

    [TestMethod]
    public void Metrics_ThrowOnNaNNamingArgumentFrameAndJoint()
    {
        var good = PoseTestData.RandomPoses(1, 2, 17);
        var bad = (float[])good.Clone();
        bad[(17 + 5) * 3 + 1] = float.NaN; // frame 1, joint 5
        var e = Assert.ThrowsExactly<DataFormatException>(() => PoseMetrics.PaMpjpe(good, bad, 17));
        StringAssert.StartsWith(e.Message, "target");
        StringAssert.Contains(e.Message, "frame 1, joint 5");
        e = Assert.ThrowsExactly<DataFormatException>(() => PoseMetrics.Mpjpe(bad, good, 17));
        StringAssert.StartsWith(e.Message, "predicted");
        Assert.ThrowsExactly<DataFormatException>(() => PoseMetrics.NMpjpe(bad, good, 17));
        Assert.ThrowsExactly<DataFormatException>(() => PoseMetrics.MeanVelocityError(bad, good, 17));
        Assert.ThrowsExactly<DataFormatException>(() => PoseMetrics.Auc(bad, good, 17));
        Assert.ThrowsExactly<DataFormatException>(() => PoseMetrics.BoneSymmetryError(bad, Skeletons.Human36M17));
    }

    [TestMethod]
    public void PerJointMpjpe_ThrowsForWrongDestinationLength()
    {
        var poses = new float[17 * 3];
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => PoseMetrics.PerJointMpjpe(poses, poses, 17, new double[16]));
        Assert.AreEqual("destination", e.Column);
    }

    [TestMethod]
    public void Metrics_ReturnNaNForNoFrames()
    {
        Assert.IsTrue(double.IsNaN(PoseMetrics.Mpjpe([], [], 17)));
        Assert.IsTrue(double.IsNaN(PoseMetrics.PaMpjpe([], [], 17)));
        Assert.IsTrue(double.IsNaN(PoseMetrics.Auc([], [], 17)));
    }
}
