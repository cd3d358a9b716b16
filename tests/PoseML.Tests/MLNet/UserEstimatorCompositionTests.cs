using Microsoft.ML;
using Microsoft.ML.Transforms;
using PoseML.Data;
using PoseML.Stages.Regression;
using PoseML.Tests.Stages.DeepPoseConsensus;

namespace PoseML.Tests.MLNet;

/// <summary>A user's own ML.NET stage (a named CustomMapping scaling the 2D keypoints) composes with PoseML stages
/// through Append and the whole model saves and loads with ML.NET alone, no PoseML registration.</summary>
[TestClass]
public sealed class UserEstimatorCompositionTests
{
    public sealed class KeypointsIn
    {
        [Microsoft.ML.Data.VectorType(17 * 2)]
        public float[] Keypoints2D { get; set; } = [];
    }

    public sealed class ScaledOut
    {
        [Microsoft.ML.Data.VectorType(17 * 2)]
        public float[] Scaled2D { get; set; } = [];
    }

    /// <summary>The user's stage: halves the keypoints; registered by contract name so a loaded model finds it.</summary>
    [CustomMappingFactoryAttribute(nameof(HalveKeypoints))]
    public sealed class HalveKeypoints : CustomMappingFactory<KeypointsIn, ScaledOut>
    {
        public static void Map(KeypointsIn input, ScaledOut output) => output.Scaled2D = input.Keypoints2D.Select(v => v / 2).ToArray();

        public override Action<KeypointsIn, ScaledOut> GetMapping() => Map;
    }

    [TestMethod]
    public void CustomMapping_AppendsToAPoseMLLifter_AndTheModelSavesAndLoads()
    {
        var data = LiftingTestData.Small;
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.CustomMapping<KeypointsIn, ScaledOut>(HalveKeypoints.Map, nameof(HalveKeypoints))
            .Append(ml.Transforms.LinearLifter(inputColumnName: PoseColumns.Keypoints2D, l2: 1e-3))
            .Fit(data);
        var scored = model.Transform(data);
        CollectionAssert.AreEqual(FreshProcess.Floats(data, PoseColumns.Keypoints2D).Select(v => v / 2).ToArray(), FreshProcess.Floats(scored, "Scaled2D"), "the user's stage ran");
        var expected = FreshProcess.Floats(scored, PoseColumns.PredictedPose3D);

        var path = Path.Combine(Path.GetTempPath(), $"poseml-user-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var loadContext = new MLContext(seed: 0);
            loadContext.ComponentCatalog.RegisterAssembly(typeof(HalveKeypoints).Assembly);
            var loaded = loadContext.Model.Load(path, out _);
            var again = loaded.Transform(data);
            LiftingAssert.Close(expected, FreshProcess.Floats(again, PoseColumns.PredictedPose3D), "loaded model (the lifter's ONNX form)");
            CollectionAssert.AreEqual(FreshProcess.Floats(scored, "Scaled2D"), FreshProcess.Floats(again, "Scaled2D"), "the user's stage after load");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
