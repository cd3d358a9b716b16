using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.View;
using PoseML.Pipeline.DataLoading;
using PoseML.Tests.Pipeline;

namespace PoseML.Tests.MLNet;

[TestClass]
public sealed class PoseDataMLNetTests
{
    private static string Type(IDataView data, string column) => data.Schema[column].Type.ToString()!;

    [TestMethod]
    public void LoadPoseCsvAndLoadJoinedPoseCsv_ReturnViewsWithTheDocumentedColumnTypes()
    {
        var dir = Directory.CreateTempSubdirectory("poseml-mlnet-data").FullName;
        try
        {
            var source = SyntheticPoses.Create(subjects: 2, framesPerSubject: 3);
            var p2 = Path.Combine(dir, "a2d.csv");
            var p3 = Path.Combine(dir, "a3d.csv");
            PoseCsv.Write(source, p2, Skeletons.Human36M17, PoseColumns.Keypoints2D);
            PoseCsv.Write(source, p3, Skeletons.Human36M17, PoseColumns.Pose3D, confidenceColumn: null);
            var ml = new MLContext(seed: 1);

            var threeD = ml.Data.LoadPoseCsv(p3);
            Assert.AreEqual("Vector<Single, 17, 3>", Type(threeD, PoseColumns.Pose3D));
            Assert.AreEqual("String", Type(threeD, PoseColumns.Subject));
            Assert.AreEqual("Int32", Type(threeD, PoseColumns.Frame));

            var joined = ml.Data.LoadJoinedPoseCsv(p2, p3);
            Assert.AreEqual("Vector<Single, 17, 2>", Type(joined, PoseColumns.Keypoints2D));
            Assert.AreEqual("Vector<Single, 17>", Type(joined, PoseColumns.Confidence));
            Assert.AreEqual("Vector<Single, 17, 3>", Type(joined, PoseColumns.Pose3D));
            Assert.AreEqual("String", Type(joined, PoseColumns.Action));
            Assert.AreEqual("Int32", Type(joined, PoseColumns.Camera));
            var expected = source.ReadFloats(PoseColumns.Pose3D);
            var actual = joined.GetColumn<float[]>(PoseColumns.Pose3D).SelectMany(p => p).ToArray();
            Assert.AreEqual(expected.Length, actual.Length, "every 2D row found its 3D pose");
            // The CSV writes coordinates with enough digits to round-trip float32.
            for (var i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], $"value {i}");

            var e = Assert.ThrowsExactly<InvalidOptionException>(() => ml.Data.LoadJoinedPoseCsv(p3));
            StringAssert.Contains(e.Message, "2D");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void LoadPoseDataset_OpensTheNamedDatasetsAsMLNetViews()
    {
        var ml = new MLContext(seed: 1);
        var cmu = ml.Data.LoadPoseDataset("cmu");
        Assert.AreEqual("Vector<Single, 17, 3>", Type(cmu, PoseColumns.Pose3D));
        var synthetic = ml.Data.LoadPoseDataset("Synthetic");
        Assert.AreEqual("Vector<Single, 17, 2>", Type(synthetic, PoseColumns.Keypoints2D));
        Assert.AreEqual("Vector<Single, 17, 3>", Type(synthetic, PoseColumns.Pose3D));
        var e = Assert.ThrowsExactly<InvalidOptionException>(() => ml.Data.LoadPoseDataset("nope"));
        StringAssert.Contains(e.Message, "cmu");
    }

    [TestMethod]
    public void SplitBySubject_PutsEachSubjectOnExactlyOneSideReproducibly()
    {
        var ml = new MLContext(seed: 1);
        var data = PoseMLNetTestData.Create(ml, subjects: 7);
        var (train, test, testSubjects) = ml.Data.SplitBySubject(data, testFraction: 0.3, seed: 4);
        string[] Subjects(IDataView v) => v.GetColumn<ReadOnlyMemory<char>>(PoseColumns.Subject).Select(s => s.ToString()).ToArray();
        Assert.AreEqual(2, testSubjects.Count, "round(0.3 × 7)");
        CollectionAssert.AreEquivalent(testSubjects.ToArray(), Subjects(test).Distinct().ToArray());
        Assert.AreEqual(0, Subjects(train).Intersect(testSubjects).Count());
        Assert.AreEqual(7 * 12, Subjects(train).Length + Subjects(test).Length, "every row on one side");
        Assert.AreEqual("Vector<Single, 17, 3>", Type(test, PoseColumns.Pose3D));
        CollectionAssert.AreEqual(testSubjects.ToArray(), ml.Data.SplitBySubject(data, 0.3, seed: 4).TestSubjects.ToArray(), "same seed, same split");
        var one = Assert.ThrowsExactly<InvalidOptionException>(() => ml.Data.SplitBySubject(PoseMLNetTestData.Create(ml, subjects: 1), 0.5));
        StringAssert.Contains(one.Message, "Subject");
    }
}
