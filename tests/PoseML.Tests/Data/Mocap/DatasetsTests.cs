using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Catalog;
using PoseML.Data.Formats;
using PoseML.Data.View;

namespace PoseML.Tests.Data.Mocap;

[TestClass]
public sealed class DatasetsTests
{
    [TestMethod]
    public void Names_ListsCmu() => CollectionAssert.Contains(Datasets.Names.ToArray(), "cmu");

    [TestMethod]
    public void LoadCmu_ConcatenatesEveryPoseTableInFileOrder()
    {
        var lazy = Datasets.Load("CMU");
        lazy.Columns().Require(PoseColumns.Pose3D, ColumnType.Float(17, 3));
        var view = lazy.Cache(); // one pass over the ~22,000 rows
        var files = Directory.GetFiles(Path.Combine(CmuData.Folder, "poses"), "*.csv").Order(StringComparer.Ordinal).ToArray();
        Assert.AreEqual(32, files.Length);
        // Independent expectation from the raw text: data lines and first cells (subjects) per file.
        var lines = files.Select(f => File.ReadLines(f).Skip(1).Where(l => l.Length > 0).ToArray()).ToArray();
        Assert.AreEqual(lines.Sum(l => l.Length), view.Rows);
        CollectionAssert.AreEquivalent(lines.Select(l => l[0].Split(',')[0]).Distinct().ToArray(), view.DistinctTexts(PoseColumns.Subject));
        // Rows follow file-name order: 01_01.csv first, 61_15.csv last.
        var actions = view.ReadTexts(PoseColumns.Action);
        Assert.AreEqual(lines[0][0].Split(',')[1], actions[0]);
        Assert.AreEqual(lines[^1][^1].Split(',')[1], actions[^1]);
        Assert.AreEqual("Jump 01", actions[0]);
        Assert.AreEqual("Salsa 15", actions[^1]);
    }

    [TestMethod]
    public void Load_UnknownNameListsTheKnownOnes()
    {
        var e = Assert.ThrowsExactly<InvalidOptionException>(() => Datasets.Load("h36m"));
        StringAssert.Contains(e.Message, "h36m");
        StringAssert.Contains(e.Message, "cmu");
    }

    [TestMethod]
    public void LocateFolder_PrefersTheEnvironmentFolder()
    {
        var root = Path.GetDirectoryName(CmuData.Folder)!;
        Assert.AreEqual(Path.Combine(root, "cmu"), Datasets.LocateFolder("cmu", root, ["/"]));
    }

    [TestMethod]
    public void LocateFolder_EnvironmentFolderWithoutTheDatasetIsAnError()
    {
        var empty = Directory.CreateTempSubdirectory("poseml-datasets-").FullName;
        try
        {
            var e = Assert.ThrowsExactly<DataFormatException>(() => Datasets.LocateFolder("cmu", empty, [CmuData.Folder]));
            StringAssert.Contains(e.Message, Datasets.EnvironmentVariable);
            StringAssert.Contains(e.Message, empty);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [TestMethod]
    public void LocateFolder_WalksUpFromEachStart()
    {
        var below = Path.Combine(CmuData.Folder, "poses"); // datasets/cmu/poses → walks up to the repository root
        Assert.AreEqual(CmuData.Folder, Datasets.LocateFolder("cmu", null, [below]));
    }

    [TestMethod]
    public void LocateFolder_NotFoundSaysWhereItLooked()
    {
        var empty = Directory.CreateTempSubdirectory("poseml-nowhere-").FullName;
        try
        {
            var e = Assert.ThrowsExactly<DataFormatException>(() => Datasets.LocateFolder("cmu", null, [empty]));
            StringAssert.Contains(e.Message, empty);
            StringAssert.Contains(e.Message, Datasets.EnvironmentVariable);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
