using PoseML.Core;
using PoseML.Data.View;

namespace PoseML.Tests.Data;

[TestClass]
public sealed class DataViewOperationsTests
{
    private static InMemoryDataView Subjects(int rowsPerSubject, params string[] subjects)
    {
        var names = subjects.SelectMany(s => Enumerable.Repeat(s, rowsPerSubject)).ToArray();
        return new DataViewBuilder()
            .AddText("Subject", names)
            .AddInt("Frame", Enumerable.Range(0, names.Length).ToArray())
            .Build();
    }

    [TestMethod]
    public void SplitByKey_KeepsEverySubjectOnOneSide()
    {
        var data = Subjects(5, "S1", "S5", "S6", "S7", "S8", "S9", "S11");
        var (train, test, testKeys) = data.SplitByKey("Subject", 2.0 / 7, seed: 3);
        var trainSubjects = train.DistinctTexts("Subject");
        var testSubjects = test.DistinctTexts("Subject");
        CollectionAssert.AreEqual(testKeys, testSubjects);
        Assert.AreEqual(2, testSubjects.Length);
        Assert.AreEqual(0, trainSubjects.Intersect(testSubjects).Count());
        Assert.AreEqual(7, trainSubjects.Length + testSubjects.Length);
        Assert.AreEqual(35, train.CountRows() + test.CountRows());
    }

    [TestMethod]
    public void SplitByKey_IsDeterministicBySeed()
    {
        var data = Subjects(1, "A", "B", "C", "D", "E", "F", "G", "H");
        var first = data.SplitByKey("Subject", 0.25, seed: 11).TestKeys;
        var again = data.SplitByKey("Subject", 0.25, seed: 11).TestKeys;
        CollectionAssert.AreEqual(first, again);
        var others = Enumerable.Range(0, 20).Select(s => string.Join(",", data.SplitByKey("Subject", 0.25, s).TestKeys)).Distinct().Count();
        Assert.IsGreaterThan(1, others, "different seeds should give different splits");
    }

    [TestMethod]
    public void FilterTakeConcat_ComposeLazily()
    {
        var data = Subjects(3, "S1", "S2", "S3");
        var s2 = data.FilterByText("Subject", s => s == "S2");
        CollectionAssert.AreEqual(new[] { 3, 4, 5 }, s2.ReadInts("Frame"));
        CollectionAssert.AreEqual(new[] { 4, 5 }, data.Take(2, skip: 4).ReadInts("Frame"));
        var both = s2.Concat(data.Take(1));
        CollectionAssert.AreEqual(new[] { 3, 4, 5, 0 }, both.ReadInts("Frame"));
        // A filter does not re-pack batches, so sizes vary; rows are still numbered consecutively.
        var batches = both.GetBatches(2).ToArray();
        long next = 0;
        foreach (var b in batches)
        {
            Assert.AreEqual(next, b.StartRow);
            next += b.RowCount;
        }
        Assert.AreEqual(4, next);
    }

    [TestMethod]
    public void Cache_ReadsEachRowOnce()
    {
        var data = Subjects(4, "S1", "S2");
        var filtered = data.FilterByText("Subject", _ => true);
        var cached = filtered.Cache();
        Assert.AreEqual(8, cached.Rows);
        CollectionAssert.AreEqual(data.ReadInts("Frame"), cached.ReadInts("Frame"));
    }

    [TestMethod]
    public void Concat_RejectsMismatchedSchemasNamingTheColumn()
    {
        var a = new DataViewBuilder().AddFloat("Pose3D", new float[51], 17, 3).Build();
        var b = new DataViewBuilder().AddFloat("Pose3D", new float[48], 16, 3).Build();
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => a.Concat(b));
        StringAssert.Contains(e.Message, "Pose3D");
        StringAssert.Contains(e.Message, "float[16,3]");
    }

    [TestMethod]
    public void Builder_RejectsColumnsOfDifferentRowCounts()
    {
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() =>
            new DataViewBuilder().AddText("Subject", ["a", "b"]).AddFloat("X", new float[9], 3).Build());
        StringAssert.Contains(e.Message, "'X'");
    }
}
