using PoseML.Data;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Stages.DomainConversion;

namespace PoseML.Tests.Stages.DomainConversion;

[TestClass]
public sealed class DomainConversionStageTests
{
    private const int Joints = 3;
    private const int Size = 8;

    private static InMemoryDataView Heatmaps(int rows = 10, int seed = 1)
    {
        var rng = new Random(seed);
        var maps = new float[rows * Joints * Size * Size];
        for (var i = 0; i < maps.Length; i++) maps[i] = (float)rng.NextDouble() * 0.9f;
        return new DataViewBuilder().AddText(PoseColumns.Subject, Enumerable.Repeat("S1", rows).ToArray())
            .AddFloat(PoseColumns.Heatmaps, maps, Joints, Size, Size).Build();
    }

    [TestMethod]
    [DataRow(DomainConversionMethod.SoftArgmax, HeatmapNormalization.Sum)]
    [DataRow(DomainConversionMethod.SoftArgmax, HeatmapNormalization.Softmax)]
    [DataRow(DomainConversionMethod.Argmax, HeatmapNormalization.Sum)]
    public void DomainConversion_PassesStageContract(DomainConversionMethod method, HeatmapNormalization normalization)
    {
        var data = Heatmaps();
        StageContract.Run(ctx => ctx.Transforms.ConvertHeatmapsToKeypoints(new DomainConversionOptions
            {
                Method = method, Normalization = normalization, Beta = 2, ScaleX = 4, ScaleY = 4, OffsetX = 10, OffsetY = 20,
            }), data,
            StageContract.MissingColumn(data, PoseColumns.Heatmaps),
            StageContract.WrongType(data, PoseColumns.Heatmaps, ColumnType.Float(Joints, Size, Size + 1), atEstimator: false),
            StageContract.WrongType(data, PoseColumns.Heatmaps, ColumnType.Float(Joints, Size * Size)),
            StageContract.WrongType(data, PoseColumns.Heatmaps, ColumnType.Int(Joints, Size, Size)));
    }

    [TestMethod]
    public void DomainConversion_WritesKernelKeypointsAndClampedPeakConfidence()
    {
        var data = Heatmaps(rows: 4);
        var maps = data.ReadFloats(PoseColumns.Heatmaps);
        maps[0] = 1.7f;                         // peak above 1: confidence clamps to 1
        Array.Clear(maps, Size * Size, Size * Size); // joint 1 of row 0: all zero → NaN keypoint, confidence 0
        var view = new DataViewBuilder().AddFloat(PoseColumns.Heatmaps, maps, Joints, Size, Size).Build();
        var output = new PoseContext(1).Transforms.ConvertHeatmapsToKeypoints(scale: 4).Fit(view).Transform(view);
        var keypoints = output.ReadFloats(PoseColumns.Keypoints2D);
        var expected = new float[4 * Joints * 2];
        SoftArgmax.Forward(maps, Size, Size, expected, mapping: new HeatmapImageMapping(4, 4));
        CollectionAssert.AreEqual(expected, keypoints);
        var confidence = output.ReadFloats(PoseColumns.Confidence);
        Assert.AreEqual(1f, confidence[0]);
        Assert.AreEqual(0f, confidence[1]);
        Assert.IsTrue(float.IsNaN(keypoints[2]));
        Assert.AreEqual(maps.AsSpan(2 * Size * Size, Size * Size).ToArray().Max(), confidence[2]);
    }
}
