using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.Stages.Regression;
using PoseML.Tests.Stages.DeepPoseConsensus;

namespace PoseML.Tests.MLNet;

[TestClass]
public sealed class LinearLifterMLNetTests
{
    [TestMethod]
    public void PipelineWithBuiltIns_MatchesTheRidgePredictionBitForBit_AndTheSavedOnnxFormAfterLoad()
    {
        var data = LiftingTestData.Small;
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.CopyColumns("K", PoseColumns.Keypoints2D)
            .Append(ml.Transforms.LinearLifter(inputColumnName: "K", l2: 1e-3)).Fit(data);
        var scored = model.Transform(data);
        Assert.AreEqual("Vector<Single, 17, 3>", scored.Schema[PoseColumns.PredictedPose3D].Type.ToString());
        // The fitted weights (checked against the normal equations in LinearLifterFitTests) applied by the ridge
        // prediction directly, all rows in one GEMM like the transformer's batch.
        var lifter = model.LastTransformer;
        var keypoints = FreshProcess.Floats(data, PoseColumns.Keypoints2D);
        var rows = keypoints.Length / 34;
        var expected = new float[rows * 51];
        LinearRidge.Predict(keypoints, lifter.Weights.ToArray(), lifter.Bias.ToArray(), rows, 34, 51, expected);
        LiftingAssert.Bitwise(expected, FreshProcess.Floats(scored, PoseColumns.PredictedPose3D), "in process vs the ridge prediction");

        var (fresh, loaded) = LiftingAssert.SaveAndLoad(ml, model, data);
        Assert.AreEqual("Vector<Single, 17, 3>", fresh.Schema[PoseColumns.PredictedPose3D].Type.ToString(), "the loaded column keeps the shape");
        LiftingAssert.Close(expected, FreshProcess.Floats(fresh, PoseColumns.PredictedPose3D), "fresh process (ONNX)");

        var frame = 3;
        var row = new GroupLiftersMLNetTests.KeypointRow { Keypoints2D = FreshProcess.Floats(data, PoseColumns.Keypoints2D).AsSpan(frame * 34, 34).ToArray() };
        var expectedOne = expected.AsSpan(frame * 51, 51).ToArray();
        var one = ml.Model.CreatePredictionEngine<GroupLiftersMLNetTests.KeypointRow, PoseRow>(model, inputSchemaDefinition: GroupLiftersMLNetTests.KeypointRow.Definition()).Predict(row);
        LiftingAssert.Close(expectedOne, one.PredictedPose3D, "prediction engine, fitted (a 1-row GEMM sums in another order)");
        var oneLoaded = ml.Model.CreatePredictionEngine<GroupLiftersMLNetTests.KeypointRow, PoseRow>(loaded, inputSchemaDefinition: GroupLiftersMLNetTests.KeypointRow.Definition()).Predict(row);
        LiftingAssert.Close(expectedOne, oneLoaded.PredictedPose3D, "prediction engine, loaded");
        LiftingAssert.Bitwise(FreshProcess.Floats(ml.Transforms.LinearLifter().Fit(data).Transform(data), PoseColumns.PredictedPose3D),
            FreshProcess.Floats(new MLContext(9).Transforms.LinearLifter().Fit(data).Transform(data), PoseColumns.PredictedPose3D), "closed form: same bits");
    }

    [TestMethod]
    public void TextLabel_FailsNamingTheColumn()
    {
        var ml = new MLContext(1);
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => ml.Transforms.LinearLifter(labelColumnName: PoseColumns.Subject).Fit(LiftingTestData.Small));
        StringAssert.Contains(e.Message, PoseColumns.Subject);
        StringAssert.Contains(e.Message, "float vector");
    }
}
