using PoseML.Data.Mocap.Cmu;

namespace PoseML.Tests.Data.Mocap;

/// <summary>Conversions of the raw CMU files match the independent reference tables shipped in
/// <c>datasets/cmu</c> on every joint of every frame.</summary>
[TestClass]
public sealed class CmuReferenceTests
{
    // The README's acceptance bound: the references were computed by an independent FK implementation
    // with the same rules; the tables print 1 decimal (poses/) or 3 decimals (reference/).
    private const double ToleranceMm = 1.0;

    [TestMethod]
    [DataRow("131_01")]
    [DataRow("131_02")]
    [DataRow("131_03")]
    [DataRow("01_01")]
    public void Bvh_MatchesReferenceWithin1mm(string take)
    {
        var clip = CmuMocap.ReadBvh(CmuData.Raw(take + ".bvh"));
        CmuData.AssertMatches(clip, CmuData.BvhReference(take), ToleranceMm);
    }

    [TestMethod]
    [DataRow("01")]
    [DataRow("11")]
    [DataRow("35")]
    public void AsfAmc_MatchesPoseTableWithin1mm(string subject)
    {
        var take = subject + "_01";
        var clip = CmuMocap.ReadAmc(CmuData.Raw(subject + ".asf"), CmuData.Raw(take + ".amc"));
        CmuData.AssertMatches(clip, CmuData.Pose(take), ToleranceMm);
    }
}
