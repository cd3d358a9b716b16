namespace PoseML.Tests.Cli;

[TestClass]
public sealed class RenderCommandTests
{
    [TestMethod]
    public void DataRender_WritesPngsAndLabels()
    {
        var dir = Directory.CreateTempSubdirectory("poseml-render").FullName;
        try
        {
            var (code, output, err) = CliRunner.Run("data", "render", "--out", dir, "--count", "3", "--size", "32", "--stride", "250", "--overlay");
            Assert.AreEqual(0, code, err);
            StringAssert.Contains(output, "3 images");
            var pngs = Directory.GetFiles(dir, "image_*.png").Order(StringComparer.Ordinal).ToArray();
            Assert.AreEqual(3, pngs.Length);
            // PNG signature, and one labels line per image after the header (frames 0 and 250 of the first takes).
            CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(pngs[0])[..4]);
            var lines = File.ReadAllLines(Path.Combine(dir, "labels.csv"));
            Assert.AreEqual(4, lines.Length);
            StringAssert.StartsWith(lines[2], "image_000001.png,SynthS1,Walk 1,0,250,");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void DataRender_UnknownSource_FailsOnOneLine()
    {
        var (code, _, err) = CliRunner.Run("data", "render", "--out", Path.Combine(Path.GetTempPath(), "never-rendered"), "--source", "movies");
        Assert.AreNotEqual(0, code);
        StringAssert.Contains(err, "unknown source 'movies'");
        Assert.AreEqual(1, err.Trim().Split('\n').Length, err);
    }
}
