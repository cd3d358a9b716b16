using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Formats;
using Sk = PoseML.Data.Skeletons;
using PoseML.Data.View;

namespace PoseML.Tests.Data.Formats;

[TestClass]
public sealed class CocoKeypointsTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "coco", name);

    // Keypoint j of fixture entry k: x = 10j + k (+0.5 in results files), y = 100 + j (+0.5); see make_fixtures.py.
    private static float[] Expected(int k, float offset) =>
        Enumerable.Range(0, 17).SelectMany(j => new[] { 10f * j + k + offset, 100f + j + offset }).ToArray();

    [TestMethod]
    public void Read_ResultsFile_OneRowPerPersonWithClampedScores()
    {
        var view = CocoKeypoints.Read(Fixture("results.json"));
        Assert.AreEqual(Sk.Coco17, view.Skeleton);
        Assert.AreEqual(3, view.RowCount); // the category-2 entry is skipped
        CollectionAssert.AreEqual(new[] { "results", "results", "results" }, view.ReadTexts(PoseColumns.Subject));
        CollectionAssert.AreEqual(new[] { "5", "5", "9" }, view.ReadTexts(PoseColumns.Action));
        CollectionAssert.AreEqual(new[] { 5, 5, 9 }, view.ReadInts(PoseColumns.Frame));
        CollectionAssert.AreEqual(new[] { -1, -1, -1 }, view.ReadInts(PoseColumns.Camera));
        CollectionAssert.AreEqual(Expected(0, 0.5f).Concat(Expected(1, 0.5f)).Concat(Expected(3, 0.5f)).ToArray(), view.ReadFloats(PoseColumns.Keypoints2D));
        var conf = view.ReadFloats(PoseColumns.Confidence);
        var expected = Enumerable.Range(0, 17).Select(j => j / 16f)
            .Concat(Enumerable.Repeat(0.5f, 17))
            .Concat(Enumerable.Range(0, 17).Select(j => new[] { 0f, 1f, 0.25f }[j % 3])); // -1 → 0, 2.5 → 1
        CollectionAssert.AreEqual(expected.ToArray(), conf);
    }

    [TestMethod]
    public void Read_AnnotationsFile_UsesImageNamesAndVisibility()
    {
        var view = CocoKeypoints.Read(Fixture("annotations.json"));
        Assert.AreEqual(2, view.RowCount); // unlabelled and crowd annotations skipped
        CollectionAssert.AreEqual(new[] { "000000000005.jpg", "8" }, view.ReadTexts(PoseColumns.Action));
        CollectionAssert.AreEqual(new[] { 5, 8 }, view.ReadInts(PoseColumns.Frame));
        CollectionAssert.AreEqual(Expected(0, 0).Concat(Expected(3, 0)).ToArray(), view.ReadFloats(PoseColumns.Keypoints2D));
        var conf = view.ReadFloats(PoseColumns.Confidence);
        CollectionAssert.AreEqual(Enumerable.Range(0, 17).Select(j => j % 3 == 0 ? 0f : 1f).Concat(Enumerable.Repeat(1f, 17)).ToArray(), conf);
    }

    [TestMethod]
    public void Read_AnnotationsFile_KeepsUnlabelledAndCrowdWhenAsked()
    {
        var view = CocoKeypoints.Read(Fixture("annotations.json"), new CocoReadOptions { SkipCrowd = false, SkipUnlabelled = false, Subject = "val" });
        Assert.AreEqual(4, view.RowCount);
        CollectionAssert.AreEqual(new[] { "val" }, view.DistinctTexts(PoseColumns.Subject));
        Assert.IsTrue(view.ReadFloats(PoseColumns.Confidence).Skip(17).Take(17).All(c => c == 0f));
    }

    [TestMethod]
    [DataRow("bad_keypoint_count.json", "annotations[3].keypoints", "expected 51 numbers")]
    [DataRow("bad_keypoint_count.json", "annotations[3].keypoints", "found 50 numbers")]
    [DataRow("bad_visibility.json", "annotations[0].keypoints[14]", "must be 0, 1 or 2")]
    [DataRow("bad_number.json", "[1].keypoints[7]", "expected a finite number")]
    public void Read_BadEntry_NamesFileJsonPathAndExpectation(string name, string field, string expected)
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => CocoKeypoints.Read(Fixture(name)));
        Assert.AreEqual(field, e.Field);
        StringAssert.Contains(e.Message, name);
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void Read_TruncatedJson_ReportsTheLine()
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => CocoKeypoints.Read(Fixture("truncated.json")));
        StringAssert.Contains(e.Message, "truncated.json");
        Assert.IsNotNull(e.Line);
    }

    [TestMethod]
    public void Read_ThenMapToH36M_GivesInterpolatedJointsAndMinConfidence()
    {
        var view = JointMappings.Coco17ToHuman36M17.Apply(CocoKeypoints.Read(Fixture("results.json")));
        view.Columns().Require(PoseColumns.Keypoints2D, ColumnType.Float(17, 2));
        var kp = view.ReadFloats(PoseColumns.Keypoints2D);
        var conf = view.ReadFloats(PoseColumns.Confidence);
        // Row 0: COCO LHip (11) at (110.5, 111.5), RHip (12) at (120.5, 112.5), scores 11/16 and 12/16.
        Assert.AreEqual(115.5f, kp[0]);
        Assert.AreEqual(112f, kp[1]);
        Assert.AreEqual(11f / 16, conf[0]);
        CollectionAssert.AreEqual(new[] { "5", "5", "9" }, view.ReadTexts(PoseColumns.Action));
    }

    [TestMethod]
    public void Read_HostileJsonNestingIsAOneLineErrorNotAStackOverflow()
    {
        var path = Path.Combine(Path.GetTempPath(), $"poseml-deep-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, new string('[', 100_000) + new string(']', 100_000));
            var e = Assert.ThrowsExactly<DataFormatException>(() => CocoKeypoints.Read(path));
            StringAssert.Contains(e.Message, path);
            StringAssert.Contains(e.Message, "depth");
            Assert.IsFalse(e.Message.Contains('\n'), e.Message);
        }
        finally { File.Delete(path); }
    }
}
