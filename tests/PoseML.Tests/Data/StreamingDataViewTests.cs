using IDataView = Microsoft.ML.IDataView;
using PoseML.Data.View;

namespace PoseML.Tests.Data;

[TestClass]
public sealed class StreamingDataViewTests
{
    /// <summary>A view that makes its rows on demand: row r's pose holds the values r, r+1, ….</summary>
    private sealed class GeneratedPoses(long rows, int joints) : BatchDataView
    {
        public override BatchSchema Columns { get; } = new([("Pose3D", ColumnType.Float(joints, 3))]);

        public override long? RowCount => rows;

        public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns)
        {
            for (long start = 0; start < rows; start += batchSize)
            {
                var n = (int)Math.Min(batchSize, rows - start);
                var values = new float[n * joints * 3];
                for (var r = 0; r < n; r++)
                    for (var e = 0; e < joints * 3; e++) values[r * joints * 3 + e] = (start + r + e) % 1000;
                yield return new DataBatch(Columns, n, start, [ColumnBuffer.Of(values)]);
            }
        }
    }

    [TestMethod]
    public void MappedView_StreamsMoreRowsThanItHoldsInMemory()
    {
        const long rows = 1_500_000;
        const int joints = 17;
        var rowBytes = joints * 3 * sizeof(float);
        var source = new GeneratedPoses(rows, joints);
        var mapped = new MappedDataView(source, [("Sum", ColumnType.Float())], batch =>
        {
            var pose = batch.GetFloats("Pose3D");
            var sums = new float[batch.RowCount];
            for (var r = 0; r < batch.RowCount; r++)
            {
                float s = 0;
                foreach (var v in pose.Slice(r * joints * 3, joints * 3)) s += v;
                sums[r] = s;
            }
            return [ColumnBuffer.Of(sums)];
        });

        GC.Collect();
        var baseline = GC.GetTotalMemory(true);
        long seen = 0, peak = 0;
        double total = 0;
        foreach (var batch in mapped.GetBatches(4096))
        {
            foreach (var s in batch.GetFloats("Sum")) total += s;
            seen += batch.RowCount;
            // What the view holds, not garbage awaiting collection: uncollected garbage depends on the GC's budget
            // (it reached 82 MB in one CI run), while a view that kept its rows would grow without bound here.
            if (seen % (32 * 4096) == 0) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        }

        // Independent expectation of the sum: each row's elements are (r + e) mod 1000 for e < 51.
        double expected = 0;
        for (long r = 0; r < rows; r++)
            for (var e = 0; e < joints * 3; e++) expected += (r + e) % 1000;
        Assert.AreEqual(rows, seen);
        Assert.AreEqual(expected, total, expected * 1e-6, "float row sums of integers < 51,000 are exact; double accumulation");
        var allRowsBytes = rows * rowBytes; // ≈ 306 MB if the view held every row
        Assert.IsLessThan(allRowsBytes / 4, peak, $"peak managed growth {peak / 1e6:F1} MB should stay far below the {allRowsBytes / 1e6:F0} MB all rows take");
    }

    [TestMethod]
    public void MappedView_SkipsTheMappingWhenItsColumnsAreNotRequested()
    {
        var calls = 0;
        var view = new DataViewBuilder().AddFloat("X", [1, 2, 3]).Build();
        var mapped = new MappedDataView(view, [("Y", ColumnType.Float())], b => { calls++; return [ColumnBuffer.Of(new float[b.RowCount])]; });
        foreach (var _ in mapped.GetBatches(2, ["X"])) { }
        Assert.AreEqual(0, calls);
        foreach (var _ in mapped.GetBatches(2, ["Y"])) { }
        Assert.AreEqual(2, calls);
    }
}
