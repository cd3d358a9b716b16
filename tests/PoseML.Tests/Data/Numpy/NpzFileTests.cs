using PoseML.Core;
using PoseML.Data.Numpy;
using PoseML.Data.Numpy.Pickle;

namespace PoseML.Tests.Data.Numpy;

[TestClass]
public sealed class NpzFileTests
{
    [TestMethod]
    public void Open_CompressedArchive_ListsAndReadsEntries()
    {
        using var npz = NpzFile.Open(NpzFixtures.Path("data_3d_small.npz"));
        CollectionAssert.AreEqual(new[] { "positions_3d" }, npz.Names.ToArray());
        var positions = (PickleDict)npz.Read("positions_3d").Item()!;
        CollectionAssert.AreEqual(new object[] { "S1", "S5" }, positions.Keys.ToArray());
        var walking = (NpyArray)((PickleDict)positions["S1"]!)["Walking"]!;
        CollectionAssert.AreEqual(new[] { 3, 32, 3 }, walking.Shape.ToArray());
    }

    [TestMethod]
    public void Open_StoredArchive_ReadsEntriesWithSlashesInTheirNames()
    {
        using var npz = NpzFile.Open(NpzFixtures.Path("data_3d_small_expected.npz"));
        CollectionAssert.Contains(npz.Names.ToArray(), "S1/Walking");
        Assert.AreEqual(17, npz.Read("kept").Length);
        CollectionAssert.AreEqual(new[] { 3, 17, 3 }, npz.Read("S1/Walking.npy").Shape.ToArray());
    }

    [TestMethod]
    public void Read_MissingEntry_NamesArchiveEntryAndWhatExists()
    {
        using var npz = NpzFile.Open(NpzFixtures.Path("data_3d_small.npz"));
        var e = Assert.ThrowsExactly<DataFormatException>(() => npz.Read("positions_2d"));
        StringAssert.Contains(e.Message, "data_3d_small.npz");
        StringAssert.Contains(e.Message, "positions_2d");
        StringAssert.Contains(e.Message, "positions_3d");
    }

    [TestMethod]
    [DataRow(0.5)]
    [DataRow(0.9)]
    public void Open_TruncatedArchive_ThrowsNamingTheFile(double keep)
    {
        var path = NpzFixtures.TempCopy("data_3d_small.npz", b => b[..(int)(b.Length * keep)]);
        var e = Assert.ThrowsExactly<DataFormatException>(() =>
        {
            using var npz = NpzFile.Open(path);
            npz.Read("positions_3d");
        });
        StringAssert.Contains(e.Message, path);
    }

    [TestMethod]
    public void Read_CorruptDeflateData_ThrowsNamingTheEntry()
    {
        // Overwrite part of the compressed payload; the zip directory stays intact.
        var path = NpzFixtures.TempCopy("data_3d_small.npz", b =>
        {
            for (var i = 200; i < 260; i++) b[i] ^= 0x5A;
            return b;
        });
        using var npz = NpzFile.Open(path);
        var e = Assert.ThrowsExactly<DataFormatException>(() => npz.Read("positions_3d"));
        StringAssert.Contains(e.Message, "positions_3d.npy");
    }

    [TestMethod]
    public void Read_MaliciousEntry_IsRefusedNamingGlobalAndEntry()
    {
        using var npz = NpzFile.Open(NpzFixtures.Path("evil_positions.npz"));
        var e = Assert.ThrowsExactly<UnsafePickleException>(() => npz.Read("positions_3d"));
        Assert.AreEqual("posix.system", e.Global);
        StringAssert.Contains(e.Message, "evil_positions.npz[positions_3d.npy]");
    }

    [TestMethod]
    public void Open_NotAZip_Throws()
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => NpzFile.Open(NpzFixtures.Path("f4_c.npy")));
        StringAssert.Contains(e.Message, "f4_c.npy");
    }
}
