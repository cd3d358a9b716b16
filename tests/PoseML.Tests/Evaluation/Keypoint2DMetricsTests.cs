using PoseML.Evaluation;

namespace PoseML.Tests.Evaluation;

[TestClass]
public sealed class Keypoint2DMetricsTests
{
    /// <summary>Hand values use 3-4-5 triangles and small fractions; only double rounding remains.</summary>
    private const double HandTolerance = 1e-9;

    // Two samples of two joints. Truth: sample 0 joints at (0,0) and (0,10); sample 1 at (100,100) and (100,120).
    private static readonly float[] Truth = [0, 0, 0, 10, 100, 100, 100, 120];

    [TestMethod]
    public void PixelErrors_AreEuclidean()
    {
        float[] predicted = [3, 4, 0, 10, 106, 108, float.NaN, 0];
        var errors = new float[4];
        Keypoint2DMetrics.PixelErrors(predicted, Truth, errors);
        Assert.AreEqual(5f, errors[0]);
        Assert.AreEqual(0f, errors[1]);
        Assert.AreEqual(10f, errors[2]);
        Assert.IsTrue(float.IsNaN(errors[3]));
    }

    [TestMethod]
    public void Score_HandDerivedPerJointErrorAndPck()
    {
        // Errors: sample 0 → 5 and 0; sample 1 → 10 and 6 (prediction (100,126)). Reference sizes 10 and 20.
        float[] predicted = [3, 4, 0, 10, 106, 108, 100, 126];
        float[] visibility = [1, 1, 1, 1];
        var s = Keypoint2DMetrics.Score(predicted, Truth, visibility, [10, 20], 0.5, 2);
        // Thresholds 5 and 10: joint 0 errors 5 ≤ 5 and 10 ≤ 10 → both correct; joint 1: 0 ≤ 5, 6 ≤ 10 → both correct.
        CollectionAssert.AreEqual(new[] { 1.0, 1.0 }, s.Pck);
        Assert.AreEqual(7.5, s.MeanPixelError[0], HandTolerance);
        Assert.AreEqual(3.0, s.MeanPixelError[1], HandTolerance);
        Assert.AreEqual(21.0 / 4, s.OverallPixelError, HandTolerance);
        // At fraction 0.4 (thresholds 4 and 8): joint 0 has 5 > 4 and 10 > 8 → 0; joint 1 has 0 ≤ 4, 6 ≤ 8 → 1.
        var tight = Keypoint2DMetrics.Score(predicted, Truth, visibility, [10, 20], 0.4, 2);
        CollectionAssert.AreEqual(new[] { 0.0, 1.0 }, tight.Pck);
        Assert.AreEqual(0.5, tight.OverallPck, HandTolerance);
        CollectionAssert.AreEqual(new[] { 2, 2 }, tight.Evaluated);
    }

    [TestMethod]
    public void Score_SkipsUnlabelledJointsAndBadReferences_CountsMissingPredictionsWrong()
    {
        float[] predicted = [3, 4, float.NaN, float.NaN, 106, 108, 100, 126];
        float[] visibility = [1, 1, 0, 1];
        // Sample 1's reference is NaN: its joints count in the pixel error but not in PCK.
        var s = Keypoint2DMetrics.Score(predicted, Truth, visibility, [10, float.NaN], 0.5, 2);
        CollectionAssert.AreEqual(new[] { 1, 1 }, s.Evaluated);
        Assert.AreEqual(1.0, s.Pck[0], HandTolerance); // 5 ≤ 5
        Assert.AreEqual(0.0, s.Pck[1], HandTolerance); // no prediction: wrong
        Assert.AreEqual(5.0, s.MeanPixelError[0], HandTolerance); // sample 1 joint 0 unlabelled
        Assert.AreEqual(6.0, s.MeanPixelError[1], HandTolerance); // the NaN prediction is left out of the mean
        Assert.AreEqual(0.5, s.OverallPck, HandTolerance);
    }

    [TestMethod]
    public void ReferenceSizes_AreSegmentLengths()
    {
        // Human3.6M-17 truth for one sample: Neck (9) at (10, 20), Head (10) at (13, 24), LShoulder (11) at (0, 0), RHip (1) at (6, 8).
        var truth = new float[34];
        (truth[18], truth[19], truth[20], truth[21]) = (10, 20, 13, 24);
        (truth[22], truth[23], truth[2], truth[3]) = (0, 0, 6, 8);
        Assert.AreEqual(5f, Keypoint2DMetrics.HeadSizes(truth, 17)[0]);
        Assert.AreEqual(10f, Keypoint2DMetrics.TorsoSizes(truth, 17)[0]);
        Assert.ThrowsExactly<ArgumentException>(() => Keypoint2DMetrics.HeadSizes(truth, 17, 0, 17));
    }

    [TestMethod]
    public void Score_RejectsInconsistentLengths()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Keypoint2DMetrics.Score(new float[8], new float[8], new float[3], [1, 1], 0.5, 2));
        Assert.ThrowsExactly<ArgumentException>(() => Keypoint2DMetrics.Score(new float[8], new float[8], new float[4], [1, 1], 0, 2));
    }
}
