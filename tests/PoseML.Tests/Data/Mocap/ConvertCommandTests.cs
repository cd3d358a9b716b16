using PoseML.Cli;
using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.Mocap.Cmu;
using PoseML.Data.View;

namespace PoseML.Tests.Data.Mocap;

[TestClass]
public sealed class ConvertCommandTests
{
    private string _dir = null!;

    [TestInitialize]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("poseml-convert-").FullName;

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => PoseML.Tests.Cli.CliRunner.Run(args);

    [TestMethod]
    public void ConvertBvh_WritesTheLibraryResult()
    {
        var outPath = Path.Combine(_dir, "131_03.csv");
        var (code, stdout, stderr) = Run("data", "convert", "--from", "bvh", "--in", CmuData.Raw("131_03.bvh"), "--out", outPath);
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "276 frames");
        var expected = CmuMocap.ReadBvh(CmuData.Raw("131_03.bvh"));
        var written = PoseCsv.Read(outPath).Cache();
        // PoseCsv writes floats round-trip exactly ("R" format).
        CollectionAssert.AreEqual(expected.Positions.ToArray(), written.ReadFloats(PoseColumns.Pose3D));
        Assert.IsTrue(written.ReadTexts(PoseColumns.Subject).All(s => s == "CMU131"));
        Assert.IsTrue(written.ReadTexts(PoseColumns.Action).All(s => s == "Hop 03"));
        Assert.IsTrue(written.ReadInts(PoseColumns.Camera).All(c => c == PoseColumns.NoCamera));
        CollectionAssert.AreEqual(Enumerable.Range(0, 276).ToArray(), written.ReadInts(PoseColumns.Frame));
    }

    [TestMethod]
    public void ConvertAmc_FindsTheSkeletonBesideTheMotionAndHonoursOptions()
    {
        var outPath = Path.Combine(_dir, "35.csv");
        var (code, _, stderr) = Run("data", "convert", "--from", "amc", "--in", CmuData.Raw("35_01.amc"), "--out", outPath,
            "--fps", "60", "--subject", "Rory", "--action", "Walk");
        Assert.AreEqual(0, code, stderr);
        var expected = CmuMocap.ReadAmc(CmuData.Raw("35.asf"), CmuData.Raw("35_01.amc"), new CmuConversionOptions { FrameRate = 60 });
        var written = PoseCsv.Read(outPath).Cache();
        Assert.AreEqual(expected.FrameCount, written.Rows);
        CollectionAssert.AreEqual(expected.Positions.ToArray(), written.ReadFloats(PoseColumns.Pose3D));
        Assert.AreEqual("Rory", written.ReadTexts(PoseColumns.Subject)[0]);
        Assert.AreEqual("Walk", written.ReadTexts(PoseColumns.Action)[0]);
    }

    [TestMethod]
    public void ConvertAmc_ExplicitAsf()
    {
        var outPath = Path.Combine(_dir, "11.csv");
        var (code, _, stderr) = Run("data", "convert", "--from", "AMC", "--in", CmuData.Raw("11_01.amc"), "--asf", CmuData.Raw("11.asf"), "--out", outPath);
        Assert.AreEqual(0, code, stderr);
        Assert.AreEqual(150, PoseCsv.Read(outPath).CountRows());
    }

    [TestMethod]
    public void UnknownSource_IsOneLineErrorListingTheSources()
    {
        var (code, _, stderr) = Run("data", "convert", "--from", "fbx", "--in", "x.fbx", "--out", Path.Combine(_dir, "x.csv"));
        Assert.AreEqual(CliApp.InputError, code);
        Assert.AreEqual(1, stderr.Trim().Split('\n').Length, stderr);
        StringAssert.Contains(stderr, "fbx");
        StringAssert.Contains(stderr, "bvh, amc");
    }

    [TestMethod]
    public void MalformedBvh_IsOneLineErrorNamingFileAndLineAndWritesNothing()
    {
        var bad = Path.Combine(_dir, "bad.bvh");
        File.WriteAllText(bad, "HIERARCHY\nROOT A\n{\nOFFSET 0 0 0\nCHANNELS 3 Zrotation Yrotation Wrotation\n}\nMOTION\nFrames: 1\nFrame Time: 0.1\n0 0 0\n");
        var outPath = Path.Combine(_dir, "bad.csv");
        var (code, _, stderr) = Run("data", "convert", "--from", "bvh", "--in", bad, "--out", outPath);
        Assert.AreEqual(CliApp.InputError, code);
        StringAssert.StartsWith(stderr, $"poseml: error: {bad}:5:");
        StringAssert.Contains(stderr, "Wrotation");
        Assert.AreEqual(1, stderr.Trim().Split('\n').Length, stderr);
        Assert.IsFalse(File.Exists(outPath));
    }

    [TestMethod]
    [DataRow("999999999")]
    [DataRow("20000000")]
    public void BvhWithLyingFramesCount_IsOneLineInputErrorAndWritesNothing(string frames)
    {
        var lines = File.ReadAllLines(CmuData.Raw("01_01.bvh"));
        Assert.AreEqual("Frames: 2752", lines[185]);
        lines[185] = $"Frames: {frames}";
        var bad = Path.Combine(_dir, "x.bvh");
        File.WriteAllLines(bad, lines);
        var outPath = Path.Combine(_dir, "o.csv");
        var (code, _, stderr) = Run("data", "convert", "--from", "bvh", "--in", bad, "--out", outPath);
        Assert.AreEqual(CliApp.InputError, code, stderr);
        StringAssert.StartsWith(stderr, $"poseml: error: {bad}:");
        StringAssert.Contains(stderr, "field 'Frames'");
        StringAssert.Contains(stderr, $"of the {frames} frames");
        Assert.AreEqual(1, stderr.Trim().Split('\n').Length, stderr);
        CollectionAssert.AreEqual(new[] { bad }, Directory.GetFiles(_dir), "no output or temporary file may be left");
    }

    [TestMethod]
    public void MissingSkeleton_NamesTheAsfItLookedFor()
    {
        var amc = Path.Combine(_dir, "77_01.amc");
        File.Copy(CmuData.Raw("35_01.amc"), amc);
        var (code, _, stderr) = Run("data", "convert", "--from", "amc", "--in", amc, "--out", Path.Combine(_dir, "o.csv"));
        Assert.AreEqual(CliApp.InputError, code);
        StringAssert.Contains(stderr, "77.asf");
        StringAssert.Contains(stderr, "--asf");
    }
}
