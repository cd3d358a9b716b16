using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Tests.Pipeline;

namespace PoseML.Tests.Stages;

[TestClass]
public sealed class NormalizeMeanVarianceTests
{
    [TestMethod]
    public void NormalizeMeanVariance_PassesStageContract()
    {
        var data = SyntheticPoses.Create(subjects: 3, framesPerSubject: 20);
        StageContract.Run(ctx => ctx.Transforms.NormalizeMeanVariance(PoseColumns.Keypoints2D), data,
            StageContract.MissingColumn(data, PoseColumns.Keypoints2D),
            StageContract.WrongType(data, PoseColumns.Keypoints2D, ColumnType.Float(16, 2), atEstimator: false),
            StageContract.WrongType(data, PoseColumns.Keypoints2D, ColumnType.Int(17, 2)),
            StageContract.NonFinite(data, PoseColumns.Keypoints2D, row: 5),
            StageContract.NonFinite(data, PoseColumns.Keypoints2D, row: 0, value: float.PositiveInfinity));
    }

    [TestMethod]
    public void NormalizeMeanVariance_UsesPopulationMeanAndStdPerElement()
    {
        // Element 0: 1, 3, 5 → mean 3, population std sqrt(8/3). Element 1 is constant → only centred.
        var data = new DataViewBuilder().AddFloat("X", [1, 7, 3, 7, 5, 7], 2).Build();
        var model = new PoseContext(1).Transforms.NormalizeMeanVariance("Y", "X").Fit(data);
        var y = model.Transform(data).ReadFloats("Y");
        var s = Math.Sqrt(8.0 / 3);
        // Tolerance: one float rounding of (x − mean) · (1/std) with |result| ≤ 1.3.
        const double FloatRounding = 1e-6;
        Assert.AreEqual(-2 / s, y[0], FloatRounding);
        Assert.AreEqual(0, y[2], FloatRounding);
        Assert.AreEqual(2 / s, y[4], FloatRounding);
        Assert.AreEqual(0, y[1]);
        Assert.AreEqual(3L, model.ExampleCount);
        CollectionAssert.AreEqual(new float[] { 1, 7, 3, 7, 5, 7 }, model.Transform(data).ReadFloats("X"), "the input column is kept");
    }

    [TestMethod]
    public void NormalizeMeanVariance_MaximumExampleCountLimitsTheRowsRead()
    {
        var data = new DataViewBuilder().AddFloat("X", [0, 2, 100, 100], 1).Build();
        var model = new PoseContext(1).Transforms.NormalizeMeanVariance("X", maximumExampleCount: 2).Fit(data);
        Assert.AreEqual(1f, model.Mean.Span[0]);
        Assert.AreEqual(1f, model.Scale.Span[0]);
        Assert.AreEqual(2L, model.ExampleCount);
    }

    [TestMethod]
    public void NormalizeMeanVariance_RejectsBadOptionsAtCreation()
    {
        var ctx = new PoseContext(1);
        var e = Assert.ThrowsExactly<InvalidOptionException>(() => ctx.Transforms.NormalizeMeanVariance("X", maximumExampleCount: 0));
        Assert.AreEqual("MaximumExampleCount", e.Option);
    }
}
