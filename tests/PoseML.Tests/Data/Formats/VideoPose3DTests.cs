using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.Numpy;
using Sk = PoseML.Data.Skeletons;
using PoseML.Data.View;
using PoseML.Tests.Data.Numpy;
using PoseML.Data.Numpy.Pickle;

namespace PoseML.Tests.Data.Formats;

[TestClass]
public sealed class VideoPose3DTests
{
    private static readonly string[] Order3D = ["S1/Walking", "S1/Eating 2", "S5/Directions", "S5/Walking 1"];

    private static int[] Bits(IEnumerable<float> values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    [TestMethod]
    public void ReadPositions3D_MatchesNumpys32To17ConversionInMillimetresBitForBit()
    {
        var view = VideoPose3D.ReadPositions3D(NpzFixtures.Path("data_3d_small.npz"));
        Assert.AreEqual(Sk.Human36M17, view.Skeleton);
        Assert.AreEqual(PoseColumns.Pose3D, view.PoseColumn);
        CollectionAssert.AreEqual(Order3D, view.Sequences.Select(s => $"{s.Subject}/{s.Action}").ToArray());
        using var expected = NpzFile.Open(NpzFixtures.Path("data_3d_small_expected.npz"));
        var want = Order3D.SelectMany(name => (float[])expected.Read(name).Data).ToArray();
        CollectionAssert.AreEqual(Bits(want), Bits(view.ReadFloats(PoseColumns.Pose3D)));
        CollectionAssert.AreEqual(new[] { "S1", "S1", "S1", "S1", "S1", "S1", "S1", "S5", "S5", "S5", "S5", "S5", "S5", "S5" }, view.ReadTexts(PoseColumns.Subject));
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 0, 1, 2, 3, 0, 1, 2, 0, 1, 2, 3 }, view.ReadInts(PoseColumns.Frame));
        Assert.IsTrue(view.ReadInts(PoseColumns.Camera).All(c => c == PoseColumns.NoCamera));
    }

    [TestMethod]
    public void KeptJoints_MatchNumpyAndRebuildVideoPose3DsSkeleton()
    {
        using var expected = NpzFile.Open(NpzFixtures.Path("data_3d_small_expected.npz"));
        CollectionAssert.AreEqual((int[])expected.Read("kept").Data, VideoPose3D.Human36M32KeptJoints.ToArray());
        // VideoPose3D's 32-joint parents; removing the static joints and re-parenting both shoulders to the
        // thorax (h36m_dataset.py) must give the canonical H36M-17 tree.
        int[] parents32 = [-1, 0, 1, 2, 3, 4, 0, 6, 7, 8, 9, 0, 11, 12, 13, 14, 12, 16, 17, 18, 19, 20, 19, 22, 12, 24, 25, 26, 27, 28, 27, 30];
        var h36m32 = new Skeleton("h36m32", Enumerable.Range(0, 32).Select(j => $"J{j}"), parents32, [], []);
        var reduced = h36m32.RemoveJoints([.. VideoPose3D.Human36M32RemovedJoints]).Parents.ToArray();
        reduced[11] = 8;
        reduced[14] = 8;
        CollectionAssert.AreEqual(Sk.Human36M17.Parents.ToArray(), reduced);
    }

    [TestMethod]
    public void ReadPositions2D_ReadsEveryCameraWithMetadataLayout()
    {
        var path = NpzFixtures.Path("data_2d_small.npz");
        var view = VideoPose3D.ReadPositions2D(path);
        Assert.AreEqual(Sk.Human36M17, view.Skeleton);
        Assert.AreEqual(12, view.Sequences.Count); // (S1 Walking, S5 Directions, S5 Sitting 1) × 4 cameras
        Assert.AreEqual(4 * (2 + 2 + 3), view.RowCount);
        var keypoints = view.ReadFloats(PoseColumns.Keypoints2D);
        var expected = new List<float>();
        foreach (var (k, frames) in new[] { (0, 2), (0, 2), (1, 3) })
            for (var cam = 0; cam < 4; cam++)
                expected.AddRange(Enumerable.Range(0, frames * 34).Select(i => (float)(i + 1000 * cam + 100 * k)));
        CollectionAssert.AreEqual(expected, keypoints);
        CollectionAssert.AreEqual(new[] { 0, 0, 1, 1, 2, 2, 3, 3 }, view.ReadInts(PoseColumns.Camera).Take(8).ToArray());
        Assert.IsTrue(view.ReadFloats(PoseColumns.Confidence).All(c => c == 1f));
        var metadata = VideoPose3D.ReadMetadata(path)!;
        Assert.AreEqual("h36m", metadata.LayoutName);
        Assert.AreEqual(17, metadata.NumJoints);
        CollectionAssert.AreEqual(Sk.Human36M17.Left.ToArray(), metadata.KeypointsLeft.ToArray());
        CollectionAssert.AreEqual(Sk.Human36M17.Right.ToArray(), metadata.KeypointsRight.ToArray());
    }

    [TestMethod]
    public void ReadPositions2D_CocoLayoutWithConfidenceChannel()
    {
        var view = VideoPose3D.Read(NpzFixtures.Path("data_2d_coco_conf.npz"));
        Assert.AreEqual(Sk.Coco17, view.Skeleton);
        var kp = view.ReadFloats(PoseColumns.Keypoints2D);
        var conf = view.ReadFloats(PoseColumns.Confidence);
        for (var f = 0; f < 3; f++)
        {
            for (var j = 0; j < 17; j++)
            {
                Assert.AreEqual(f * 100 + j, kp[(f * 17 + j) * 2]);
                Assert.AreEqual(f * 100 + j + 0.25f, kp[(f * 17 + j) * 2 + 1]);
                Assert.AreEqual(j % 5 / 4f, conf[f * 17 + j]);
            }
        }
    }

    [TestMethod]
    public void ReadArray_PlainPredictionArray_IsScaledToMillimetres()
    {
        var view = VideoPose3D.Read(NpzFixtures.Path("poses_17.npy"));
        var expected = (float[])Npy.Read(NpzFixtures.Path("poses_17_expected_mm.npy")).Data;
        CollectionAssert.AreEqual(Bits(expected), Bits(view.ReadFloats(PoseColumns.Pose3D)));
        CollectionAssert.AreEqual(new[] { "poses_17" }, view.DistinctTexts(PoseColumns.Subject));
        var named = VideoPose3D.ReadArray(NpzFixtures.Path("poses_17.npy"), new VideoPose3DReadOptions { Subject = "S9", Action = "Walk", Scale3D = 1 });
        CollectionAssert.AreEqual(new[] { "Walk" }, named.DistinctTexts(PoseColumns.Action));
        Assert.AreEqual(-0.75f, named.ReadFloats(PoseColumns.Pose3D)[0]);
    }

    [TestMethod]
    public void ReadArray_AsKeypointsWithConfidence_UsesTheThirdChannel()
    {
        var view = VideoPose3D.ReadArray(NpzFixtures.Path("poses_17.npy"), new VideoPose3DReadOptions { ArrayKind = VideoPose3DArrayKind.Keypoints2DWithConfidence });
        Assert.AreEqual(PoseColumns.Keypoints2D, view.PoseColumn);
        var conf = view.ReadFloats(PoseColumns.Confidence);
        // value(i) = (i % 97) / 64 - 0.75 with i = (f*17 + j)*3 + 2, clamped to [0, 1].
        for (var r = 0; r < 4 * 17; r++)
            Assert.AreEqual(Math.Clamp((r * 3 + 2) % 97 / 64f - 0.75f, 0f, 1f), conf[r]);
    }

    [TestMethod]
    public void Batches_AcrossSequenceBoundaries_GiveTheSameRows()
    {
        var view = VideoPose3D.ReadPositions3D(NpzFixtures.Path("data_3d_small.npz"));
        var whole = view.ReadFloats(PoseColumns.Pose3D);
        var pieces = new List<float>();
        var starts = new List<long>();
        foreach (var b in view.GetBatches(5))
        {
            pieces.AddRange(b.GetFloats(PoseColumns.Pose3D));
            starts.Add(b.StartRow);
        }
        CollectionAssert.AreEqual(whole, pieces);
        CollectionAssert.AreEqual(new long[] { 0, 5, 10 }, starts);
        var frameOnly = view.GetBatches(3, [PoseColumns.Frame]).SelectMany(b => b.GetInts(PoseColumns.Frame).ToArray()).ToArray();
        CollectionAssert.AreEqual(view.ReadInts(PoseColumns.Frame), frameOnly);
    }

    [TestMethod]
    public void PoseCsvWrite_OfAReadView_RoundTrips()
    {
        var dir = Path.Combine(Path.GetTempPath(), "poseml-vp3d-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        foreach (var name in new[] { "data_3d_small.npz", "data_2d_coco_conf.npz" })
        {
            var view = VideoPose3D.Read(NpzFixtures.Path(name));
            var csv = Path.Combine(dir, name + ".csv");
            PoseCsv.Write(view, csv, view.Skeleton, view.PoseColumn);
            var back = PoseCsv.Read(csv).Cache();
            CollectionAssert.AreEqual(Bits(view.ReadFloats(view.PoseColumn)), Bits(back.ReadFloats(view.PoseColumn)), name);
            CollectionAssert.AreEqual(view.ReadTexts(PoseColumns.Action), back.ReadTexts(PoseColumns.Action), name);
            CollectionAssert.AreEqual(view.ReadInts(PoseColumns.Camera), back.ReadInts(PoseColumns.Camera), name);
        }
    }

    [TestMethod]
    public void Read_ArrayOfTheWrongShape_NamesFileAndEntry()
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => VideoPose3D.Read(NpzFixtures.Path("data_3d_bad_shape.npz")));
        StringAssert.Contains(e.Message, "data_3d_bad_shape.npz");
        Assert.AreEqual("positions_3d['S1']['Walking']", e.Field);
        StringAssert.Contains(e.Message, "(2,32,2)");
    }

    [TestMethod]
    public void Read_ArchiveWithoutPositions_SaysWhatItHolds()
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => VideoPose3D.Read(NpzFixtures.Path("data_3d_small_expected.npz")));
        StringAssert.Contains(e.Message, "positions_3d");
        StringAssert.Contains(e.Message, "kept");
    }

    [TestMethod]
    public void Read_MaliciousFile_IsRefused()
    {
        var e = Assert.ThrowsExactly<UnsafePickleException>(() => VideoPose3D.Read(NpzFixtures.Path("evil_positions.npz")));
        Assert.AreEqual("posix.system", e.Global);
    }

    [TestMethod]
    public void ReadArray_WrongChannelCount_Throws()
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() =>
            VideoPose3D.ReadArray(NpzFixtures.Path("f4_c.npy"), new VideoPose3DReadOptions { ArrayKind = VideoPose3DArrayKind.Pose3D }));
        StringAssert.Contains(e.Message, "f4_c.npy");
        Assert.AreEqual("shape", e.Field);
    }

    [TestMethod]
    public void ReadArray_TextArray_IsRefusedAsNonNumeric()
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => VideoPose3D.ReadArray(NpzFixtures.Path("unicode.npy")));
        StringAssert.Contains(e.Message, "unicode.npy");
        StringAssert.Contains(e.Message, "<U5");
    }

    [TestMethod]
    public void ReadArray_DetectronFourChannels_UsesTheProbabilityAsConfidence()
    {
        var view = VideoPose3D.ReadArray(NpzFixtures.Path("detectron_kp.npy"));
        Assert.AreEqual(Sk.Human36M17, view.Skeleton); // no metadata: 17 joints default to H36M-17
        var coco = VideoPose3D.ReadArray(NpzFixtures.Path("detectron_kp.npy"), new VideoPose3DReadOptions { Skeleton = Sk.Coco17 });
        Assert.AreEqual(Sk.Coco17, coco.Skeleton);
        var kp = coco.ReadFloats(PoseColumns.Keypoints2D);
        var conf = coco.ReadFloats(PoseColumns.Confidence);
        for (var f = 0; f < 2; f++)
        {
            for (var j = 0; j < 17; j++)
            {
                Assert.AreEqual(2f * j, kp[(f * 17 + j) * 2]);
                Assert.AreEqual(3f * j + 100 * f, kp[(f * 17 + j) * 2 + 1]);
                Assert.AreEqual(j / 16f, conf[f * 17 + j]);
            }
        }
    }
}
