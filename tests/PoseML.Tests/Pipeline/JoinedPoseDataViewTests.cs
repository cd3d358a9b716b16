using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Tests.MLNet;

namespace PoseML.Tests.Pipeline;

[TestClass]
public sealed class JoinedPoseDataViewTests
{
    private static InMemoryDataView Keys(string[] subjects, int[] cameras, int[] frames, string column, float[] values, params int[] shape)
    {
        return new DataViewBuilder()
            .AddText(PoseColumns.Subject, subjects)
            .AddText(PoseColumns.Action, subjects.Select(_ => "Walk").ToArray())
            .AddInt(PoseColumns.Camera, cameras)
            .AddInt(PoseColumns.Frame, frames)
            .AddFloat(column, values, shape)
            .Build();
    }

    /// <summary>The join behind <c>mlContext.Data.LoadJoinedPoseCsv</c>, on in-memory tables.</summary>
    private static JoinedPoseDataView Join(Microsoft.ML.IDataView keypoints2d, Microsoft.ML.IDataView poses3d, bool dropUnmatched = false) =>
        new(keypoints2d, poses3d, dropUnmatched);

    [TestMethod]
    public void JoinPoses_PairsRowsByAllFourKeysInTheOrderOfThe2DRows()
    {
        var k2d = Keys(["S1", "S1", "S2"], [0, 1, 0], [5, 5, 5], PoseColumns.Keypoints2D, [1, 1, 2, 2, 3, 3], 1, 2);
        var p3d = Keys(["S2", "S1", "S1"], [0, 1, 0], [5, 5, 5], PoseColumns.Pose3D, [30, 30, 30, 20, 20, 20, 10, 10, 10], 1, 3);
        var joined = Join(k2d, p3d);
        CollectionAssert.AreEqual(new float[] { 10, 10, 10, 20, 20, 20, 30, 30, 30 }, joined.ReadFloats(PoseColumns.Pose3D));
        CollectionAssert.AreEqual(new float[] { 1, 1, 2, 2, 3, 3 }, joined.ReadFloats(PoseColumns.Keypoints2D));
        Assert.AreEqual(3L, joined.RowCount);
    }

    [TestMethod]
    public void JoinPoses_UnmatchedRowIsAnErrorNamingItsKeyUnlessDropped()
    {
        var k2d = Keys(["S1", "S9"], [0, 0], [1, 2], PoseColumns.Keypoints2D, [1, 1, 2, 2], 1, 2);
        var p3d = Keys(["S1"], [0], [1], PoseColumns.Pose3D, [7, 7, 7], 1, 3);
        var e = Assert.ThrowsExactly<DataFormatException>(() => Join(k2d, p3d).Cache());
        StringAssert.Contains(e.Message, "subject 'S9', action 'Walk', camera 0, frame 2");
        var dropped = Join(k2d, p3d, dropUnmatched: true).Cache();
        Assert.AreEqual(1, dropped.Rows);
        CollectionAssert.AreEqual(new float[] { 7, 7, 7 }, dropped.ReadFloats(PoseColumns.Pose3D));
    }

    [TestMethod]
    public void JoinPoses_DuplicateThreeDKeyIsAnError()
    {
        var k2d = Keys(["S1"], [0], [1], PoseColumns.Keypoints2D, [1, 1], 1, 2);
        var p3d = Keys(["S1", "S1"], [0, 0], [1, 1], PoseColumns.Pose3D, new float[6], 1, 3);
        var e = Assert.ThrowsExactly<DataFormatException>(() => Join(k2d, p3d));
        StringAssert.Contains(e.Message, "duplicate 3D pose");
    }

    [TestMethod]
    public void JoinPoses_MissingKeyColumnFailsBeforeReading()
    {
        var k2d = new DataViewBuilder().AddFloat(PoseColumns.Keypoints2D, new float[2], 1, 2).Build();
        var p3d = Keys(["S1"], [0], [1], PoseColumns.Pose3D, new float[3], 1, 3);
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => Join(new UnreadableDataView(k2d), p3d));
        Assert.AreEqual(PoseColumns.Subject, e.Column);
    }
}
