using PoseML.Core;
using PoseML.Data.View;

namespace PoseML.Tests.Data;

[TestClass]
public sealed class DataViewTests
{
    [TestMethod]
    public void Batches_CoverEveryRowOnceInOrder()
    {
        var view = new DataViewBuilder()
            .AddText("Subject", Enumerable.Range(0, 10).Select(i => $"S{i % 3}").ToArray())
            .AddFloat("X", Enumerable.Range(0, 20).Select(i => (float)i).ToArray(), 2)
            .Build();
        var seen = new List<float>();
        var starts = new List<long>();
        foreach (var b in view.GetBatches(4))
        {
            seen.AddRange(b.GetFloats("X"));
            starts.Add(b.StartRow);
        }
        CollectionAssert.AreEqual(Enumerable.Range(0, 20).Select(i => (float)i).ToArray(), seen);
        CollectionAssert.AreEqual(new long[] { 0, 4, 8 }, starts);
    }

    [TestMethod]
    public void Require_NamesColumnAndShapesOnMismatch()
    {
        var view = new DataViewBuilder().AddFloat("Pose3D", new float[16 * 3 * 2], 16, 3).Build();
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => view.Columns().Require("Pose3D", ColumnType.Float(17, 3)));
        StringAssert.Contains(e.Message, "Pose3D");
        StringAssert.Contains(e.Message, "float[17,3]");
        StringAssert.Contains(e.Message, "float[16,3]");
    }
}
