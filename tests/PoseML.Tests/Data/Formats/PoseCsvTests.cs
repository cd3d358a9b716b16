using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.View;

namespace PoseML.Tests.Data.Formats;

[TestClass]
public sealed class PoseCsvTests
{
    private string _dir = "";

    [TestInitialize]
    public void Init() => _dir = Directory.CreateTempSubdirectory("poseml-csv").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, true);

    private static string Header3D() =>
        "subject,action,camera,frame," + string.Join(",", Skeletons.Human36M17.JointNames.SelectMany(j => new[] { $"{j}_x", $"{j}_y", $"{j}_z" }));

    private string WriteFile(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    private static string Row(string keys, int joints, int dims, Func<int, int, string>? cell = null) =>
        keys + "," + string.Join(",", Enumerable.Range(0, joints).SelectMany(j => Enumerable.Range(0, dims).Select(d => cell?.Invoke(j, d) ?? $"{j * 10 + d}.5")));

    [TestMethod]
    public void Read3D_ParsesKeysAndJointsInSkeletonOrder()
    {
        var path = WriteFile("a.csv", Header3D(), Row("S1,Walk 1,,7", 17, 3), Row("S1,Walk 1,2,8", 17, 3));
        var view = PoseCsv.Read(path).Cache();
        Assert.AreEqual(Skeletons.Human36M17, PoseCsv.Read(path).Layout.Skeleton);
        CollectionAssert.AreEqual(new[] { PoseColumns.NoCamera, 2 }, view.ReadInts(PoseColumns.Camera));
        CollectionAssert.AreEqual(new[] { 7, 8 }, view.ReadInts(PoseColumns.Frame));
        var pose = view.ReadFloats(PoseColumns.Pose3D);
        Assert.AreEqual(2 * 51, pose.Length);
        Assert.AreEqual(52.5f, pose[5 * 3 + 2]); // joint 5 (LKnee), z
    }

    [TestMethod]
    public void WriteThenRead_RoundTripsExactly2DWithConfidenceAndMissingJoints()
    {
        var rng = new Random(5);
        var kp = Enumerable.Range(0, 3 * 17 * 2).Select(_ => (float)(rng.NextDouble() * 1000)).ToArray();
        var conf = Enumerable.Range(0, 3 * 17).Select(_ => (float)rng.NextDouble()).ToArray();
        kp[2 * 17 * 2 + 4 * 2] = float.NaN; // row 2, joint 4 missing
        kp[2 * 17 * 2 + 4 * 2 + 1] = float.NaN;
        conf[2 * 17 + 4] = 0;
        var view = new DataViewBuilder()
            .AddText(PoseColumns.Subject, ["S1", "S1", "S, \"quoted\""])
            .AddText(PoseColumns.Action, ["Sit", "Sit", "Eat"])
            .AddInt(PoseColumns.Camera, [0, 1, PoseColumns.NoCamera])
            .AddInt(PoseColumns.Frame, [0, 1, 2])
            .AddFloat(PoseColumns.Keypoints2D, kp, 17, 2)
            .AddFloat(PoseColumns.Confidence, conf, 17)
            .Build();
        var path = Path.Combine(_dir, "kp.csv");
        PoseCsv.Write(view, path, Skeletons.Human36M17, PoseColumns.Keypoints2D);
        var back = PoseCsv.Read(path, new PoseCsvReadOptions { AllowMissing = true }).Cache();
        CollectionAssert.AreEqual(new[] { "S1", "S1", "S, \"quoted\"" }, back.ReadTexts(PoseColumns.Subject));
        CollectionAssert.AreEqual(new[] { 0, 1, PoseColumns.NoCamera }, back.ReadInts(PoseColumns.Camera));
        var kpBack = back.ReadFloats(PoseColumns.Keypoints2D);
        for (var i = 0; i < kp.Length; i++)
            Assert.IsTrue(kp[i].Equals(kpBack[i]), $"element {i}: wrote {kp[i]}, read {kpBack[i]} (round-trip format must be exact)");
        CollectionAssert.AreEqual(conf, back.ReadFloats(PoseColumns.Confidence));
    }

    [TestMethod]
    public void Read_EmptyCellIsAnErrorNamingLineAndFieldUnlessMissingIsAllowed()
    {
        var path = WriteFile("m.csv", Header3D(), Row("S1,A,,0", 17, 3, (j, d) => j == 3 && d == 1 ? "" : "1"));
        var e = Assert.ThrowsExactly<DataFormatException>(() => PoseCsv.Read(path).Cache());
        Assert.AreEqual(2, e.Line);
        Assert.AreEqual("RFoot_y", e.Field);
        StringAssert.Contains(e.Message, "m.csv:2");
        var allowed = PoseCsv.Read(path, new PoseCsvReadOptions { AllowMissing = true }).ReadFloats(PoseColumns.Pose3D);
        Assert.IsTrue(float.IsNaN(allowed[3 * 3 + 1]));
    }

    [TestMethod]
    [DataRow("abc", "LHip_z")]
    [DataRow("NaN", "LHip_z")]
    [DataRow("inf", "LHip_z")]
    public void Read_NonFiniteOrNonNumericCellIsAnError(string bad, string field)
    {
        var path = WriteFile("n.csv", Header3D(), Row("S1,A,,0", 17, 3), Row("S1,A,,1", 17, 3, (j, d) => j == 4 && d == 2 ? bad : "1"));
        var e = Assert.ThrowsExactly<DataFormatException>(() => PoseCsv.Read(path).Cache());
        Assert.AreEqual(3, e.Line);
        Assert.AreEqual(field, e.Field);
    }

    [TestMethod]
    public void Read_TruncatedRowNamesTheLineAndTheExpectedCellCount()
    {
        var full = Row("S1,A,,0", 17, 3);
        var path = WriteFile("t.csv", Header3D(), full, full[..(full.Length / 2)]);
        var e = Assert.ThrowsExactly<DataFormatException>(() => PoseCsv.Read(path).Cache());
        Assert.AreEqual(3, e.Line);
        StringAssert.Contains(e.Message, "expected 55 cells");
    }

    [TestMethod]
    public void Read_WrongJointCountInHeaderIsRejectedBeforeAnyRow()
    {
        var header = "subject,action,camera,frame," + string.Join(",", Skeletons.Human36M17.JointNames.Take(16).SelectMany(j => new[] { $"{j}_x", $"{j}_y", $"{j}_z" }));
        var path = WriteFile("h.csv", header, Row("S1,A,,0", 16, 3));
        var e = Assert.ThrowsExactly<DataFormatException>(() => PoseCsv.Read(path));
        Assert.AreEqual(1, e.Line);
        Assert.AreEqual("RWrist_x", e.Field);
        StringAssert.Contains(e.Message, "missing joint column 'RWrist_x'");
        var explicitSkeleton = Assert.ThrowsExactly<DataFormatException>(() => PoseCsv.Read(path, new PoseCsvReadOptions { Skeleton = Skeletons.Human36M17 }));
        Assert.AreEqual("RWrist_x", explicitSkeleton.Field);
        StringAssert.Contains(explicitSkeleton.Message, "skeleton h36m17");
    }

    [TestMethod]
    [DataRow("LKnee_y")]
    [DataRow("Hip_x")]
    [DataRow("RWrist_z")]
    public void Read_MissingJointColumnIsNamedEvenWithExtraColumns(string missing)
    {
        var header = string.Join(",", (Header3D() + ",occurrence").Split(',').Where(c => c != missing));
        var e = Assert.ThrowsExactly<DataFormatException>(() => PoseCsv.Read(WriteFile("miss.csv", header)));
        Assert.AreEqual(1, e.Line);
        Assert.AreEqual(missing, e.Field);
        StringAssert.Contains(e.Message, $"missing joint column '{missing}'");
    }

    [TestMethod]
    public void Read_ExtraNamedColumnsAreKeptAsTextColumnsWhereverTheyStand()
    {
        // 'note' between the keys and the joints, 'occurrence' after them (as poseml rarity writes it).
        var header = Header3D().Replace("frame,", "frame,note,") + ",occurrence";
        var path = WriteFile("x.csv", header,
            Row("S1,A,,0,first", 17, 3) + ",0.25",
            Row("S1,A,,1,\"a, b\"", 17, 3) + ",");
        var view = PoseCsv.Read(path);
        CollectionAssert.AreEqual(new[] { "note", "occurrence" }, view.Layout.ExtraColumns.ToArray());
        var cached = view.Cache();
        CollectionAssert.AreEqual(new[] { "first", "a, b" }, cached.ReadTexts("note"));
        CollectionAssert.AreEqual(new[] { "0.25", "" }, cached.ReadTexts("occurrence"));
        Assert.AreEqual(52.5f, cached.ReadFloats(PoseColumns.Pose3D)[5 * 3 + 2]);
    }

    [TestMethod]
    public void WriteThenRead_KeepsExtraColumns()
    {
        var header = Header3D() + ",occurrence";
        var path = WriteFile("in.csv", header, Row("S1,A,,0", 17, 3) + ",0.5", Row("S1,A,,1", 17, 3) + ",");
        var outPath = Path.Combine(_dir, "out.csv");
        PoseCsv.Write(PoseCsv.Read(path), outPath, Skeletons.Human36M17, PoseColumns.Pose3D);
        Assert.AreEqual(header, File.ReadLines(outPath).First());
        var back = PoseCsv.Read(outPath).Cache();
        CollectionAssert.AreEqual(new[] { "0.5", "" }, back.ReadTexts("occurrence"));
    }

    [TestMethod]
    [DataRow("Pose3D")]
    [DataRow("subject")]
    [DataRow("Hip_x")]
    public void Read_ExtraColumnClashingWithAnotherColumnIsRefusedNamingIt(string name)
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => PoseCsv.Read(WriteFile("c.csv", Header3D() + "," + name)));
        Assert.AreEqual(1, e.Line);
        Assert.AreEqual(name, e.Field);
    }

    [TestMethod]
    public void Read_QuotedCellWithALineBreakIsOneRowAndLaterLinesKeepTheirNumbers()
    {
        var path = WriteFile("q.csv", Header3D(),
            Row("S1,\"Walk\nwith \"\"dog\"\"\",,0", 17, 3),
            Row("S1,B,,1", 17, 3),
            Row("S1,B,,2", 17, 3, (j, d) => j == 1 && d == 0 ? "bad" : "1"));
        var e = Assert.ThrowsExactly<DataFormatException>(() => PoseCsv.Read(path).Cache());
        Assert.AreEqual(5, e.Line, "the header is line 1, the first row lines 2-3, the bad row line 5");
        Assert.AreEqual("RHip_x", e.Field);
        var good = WriteFile("q2.csv", Header3D(), Row("S1,\"Walk\nwith \"\"dog\"\"\",,0", 17, 3), "", Row("S1,B,,1", 17, 3));
        var view = PoseCsv.Read(good).Cache();
        CollectionAssert.AreEqual(new[] { "Walk\nwith \"dog\"", "B" }, view.ReadTexts(PoseColumns.Action));
        Assert.AreEqual(52.5f, view.ReadFloats(PoseColumns.Pose3D)[5 * 3 + 2]);
    }

    [TestMethod]
    public void Read_UnterminatedQuoteNamesTheLineItOpensOn()
    {
        var path = WriteFile("u.csv", Header3D(), Row("S1,A,,0", 17, 3), Row("S1,\"A,,1", 17, 3), Row("S1,A,,2", 17, 3));
        var e = Assert.ThrowsExactly<DataFormatException>(() => PoseCsv.Read(path).Cache());
        Assert.AreEqual(3, e.Line);
        StringAssert.Contains(e.Message, "never closed");
    }

    [TestMethod]
    public void WriteThenRead_RoundTripsTextWithLineBreaks()
    {
        var view = new DataViewBuilder()
            .AddText(PoseColumns.Subject, ["S1", "S\r\n2"])
            .AddText(PoseColumns.Action, ["line one\nline two", "x"])
            .AddInt(PoseColumns.Camera, [0, 1])
            .AddInt(PoseColumns.Frame, [0, 1])
            .AddFloat(PoseColumns.Pose3D, new float[2 * 17 * 3], 17, 3)
            .Build();
        var path = Path.Combine(_dir, "nl.csv");
        PoseCsv.Write(view, path, Skeletons.Human36M17, PoseColumns.Pose3D);
        var back = PoseCsv.Read(path).Cache();
        CollectionAssert.AreEqual(new[] { "line one\nline two", "x" }, back.ReadTexts(PoseColumns.Action));
        CollectionAssert.AreEqual(new[] { 0, 1 }, back.ReadInts(PoseColumns.Frame));
    }

    [TestMethod]
    public void Read_EmptyFileAndBadKeyHeaderAreErrors()
    {
        Assert.ThrowsExactly<DataFormatException>(() => PoseCsv.Read(WriteFile("e.csv")));
        var e = Assert.ThrowsExactly<DataFormatException>(() => PoseCsv.Read(WriteFile("k.csv", "subj,action,camera,frame,Hip_x")));
        Assert.AreEqual("subj", e.Field);
    }

    [TestMethod]
    public void Write_IsAtomicAndLeavesThePreviousFileWhenTheSourceFails()
    {
        var path = Path.Combine(_dir, "out.csv");
        File.WriteAllText(path, "previous");
        var bad = PoseCsv.Read(WriteFile("bad.csv", Header3D(), Row("S1,A,,0", 17, 3), Row("S1,A,,x", 17, 3)));
        Assert.ThrowsExactly<DataFormatException>(() => PoseCsv.Write(bad, path, Skeletons.Human36M17, PoseColumns.Pose3D));
        Assert.AreEqual("previous", File.ReadAllText(path));
        Assert.AreEqual(2, Directory.GetFiles(_dir).Length, "no temporary file may be left behind");
    }

    [TestMethod]
    public void Read_ShippedCmuTableHasItsDocumentedShape()
    {
        var path = Path.Combine(RepoPaths.Root, "datasets", "cmu", "poses", "35_01.csv");
        var view = PoseCsv.Read(path).Cache();
        Assert.AreEqual(90, view.Rows);
        CollectionAssert.AreEqual(new[] { "CMU35" }, view.DistinctTexts(PoseColumns.Subject));
        var pose = view.ReadFloats(PoseColumns.Pose3D);
        // Header row 1: Hip = (235.8, 904.5, -1161.4) mm.
        CollectionAssert.AreEqual(new[] { 235.8f, 904.5f, -1161.4f }, pose[..3]);
    }
}
