using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.Data;
using PoseML.MLNet;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.JointGrouping;
using PoseML.Tests.Stages.DeepPoseConsensus;

namespace PoseML.Tests.MLNet;

[TestClass]
public sealed class GroupLiftersMLNetTests
{
    private static JointGroups Groups { get; } = new(17, Enumerable.Range(0, 6).Select(i => Enumerable.Range(3 * i, 5).Select(j => j % 17)));

    private static PoseML.Stages.GroupLifters.GroupLifterOptions Options => LiftingTestData.TinyLifter with { Seed = 7 };

    /// <summary>The trained lifters' algorithm called directly: <see cref="PoseML.Stages.GroupLifters.GroupLifterEngine.Predict"/>
    /// on all frames at once (the data fits one of the transformer's 1,024-frame batches, so the summation order is the same).</summary>
    private static float[] EnginePredict(GroupLifterTransformer lifters, float[] keypoints)
    {
        var output = new float[keypoints.Length / 34 * lifters.Groups.RowCount * 3];
        lifters.Engine.Predict(keypoints, output);
        return output;
    }

    [TestMethod]
    public void PipelineWithBuiltIns_MatchesTheEngineBitForBit_AndTheSavedOnnxFormAfterLoad()
    {
        var ml = new MLContext(seed: 1);
        var data = LiftingTestData.Small;
        var pipeline = ml.Transforms.CopyColumns("Keypoints", PoseColumns.Keypoints2D)
            .Append(ml.Transforms.GroupLifters(Groups, Options with { InputColumnName = "Keypoints" }));
        var model = pipeline.Fit(data);
        var scored = model.Transform(data);
        Assert.AreEqual($"Vector<Single, {Groups.RowCount}, 3>", scored.Schema["GroupPoses3D"].Type.ToString());
        var lifters = model.LastTransformer;
        Assert.AreEqual(Options.Epochs, lifters.History.Count, "the lifters trained for the requested epochs");
        var expected = EnginePredict(lifters, FreshProcess.Floats(data, PoseColumns.Keypoints2D));
        Assert.IsTrue(expected.All(float.IsFinite));
        LiftingAssert.Bitwise(expected, FreshProcess.Floats(scored, "GroupPoses3D"), "in process vs the engine");

        var (fresh, loaded) = LiftingAssert.SaveAndLoad(ml, model, data);
        Assert.AreEqual($"Vector<Single, {Groups.RowCount}, 3>", fresh.Schema["GroupPoses3D"].Type.ToString(), "the loaded column keeps the shape");
        var worst = LiftingAssert.Close(expected, FreshProcess.Floats(fresh, "GroupPoses3D"), "fresh process (ONNX)");
        Console.WriteLine($"worst |engine - ORT| = {worst:G3} mm");

        var frame = 5;
        var keypoints = FreshProcess.Floats(data, PoseColumns.Keypoints2D).AsSpan(frame * 34, 34).ToArray();
        var rows3 = Groups.RowCount * 3;
        // One frame is a batch of 1, whose GEMM blocking (and so summation order) differs from a 144-row batch:
        // the reference is the engine's own one-frame prediction.
        var expectedOne = EnginePredict(lifters, keypoints);
        var one = ml.Model.CreatePredictionEngine<KeypointRow, GroupRow>(model, inputSchemaDefinition: KeypointRow.Definition()).Predict(new KeypointRow { Keypoints2D = keypoints });
        LiftingAssert.Bitwise(expectedOne, one.GroupPoses3D, "prediction engine, fitted");
        var oneLoaded = ml.Model.CreatePredictionEngine<KeypointRow, GroupRow>(loaded, inputSchemaDefinition: KeypointRow.Definition()).Predict(new KeypointRow { Keypoints2D = keypoints });
        LiftingAssert.Close(expected.AsSpan(frame * rows3, rows3).ToArray(), oneLoaded.GroupPoses3D, "prediction engine, loaded");
    }

    [TestMethod]
    public void SameSeed_SameBits_OtherSeed_OtherWeights()
    {
        float[] Run(int contextSeed, int? seed) => FreshProcess.Floats(new MLContext(contextSeed).Transforms.GroupLifters(Groups, Options with { Seed = seed })
            .Fit(LiftingTestData.Small).Transform(LiftingTestData.Small), "GroupPoses3D");
        LiftingAssert.Bitwise(Run(1, null), Run(1, null), "same context seed");
        LiftingAssert.Bitwise(Run(1, 3), Run(2, 3), "same options seed");
        CollectionAssert.AreNotEqual(Run(1, null), Run(2, null), "a different context seed draws other weights");
    }

    [TestMethod]
    public void WrongKeypointShape_FailsNamingTheColumn()
    {
        var ml = new MLContext(1);
        var data = ml.Transforms.CopyColumns("Keypoints2D", "Pose3D").Fit(LiftingTestData.Small).Transform(LiftingTestData.Small);
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => ml.Transforms.GroupLifters(Groups, Options).Fit(data));
        StringAssert.Contains(e.Message, "Keypoints2D");
        StringAssert.Contains(e.Message, "float[17,2]");
        var model = ml.Transforms.GroupLifters(Groups, Options).Fit(LiftingTestData.Small);
        e = Assert.ThrowsExactly<SchemaMismatchException>(() => model.Transform(data));
        StringAssert.Contains(e.Message, "Keypoints2D");
    }

    [TestMethod]
    public void ProgressAndCancellation_ComeFromTheMLContext()
    {
        var reports = new List<PipelineProgress>();
        using var cts = new CancellationTokenSource();
        var ml = new MLContext(1).SetPoseProgress(new Progress(reports.Add)).SetPoseCancellation(cts.Token);
        _ = ml.Transforms.GroupLifters(Groups, Options).Fit(LiftingTestData.Small);
        Assert.IsTrue(reports.Any(r => r.Stage == "GroupLifters" && r.Step == Options.Epochs), "one report per epoch");
        cts.Cancel();
        Assert.ThrowsExactly<OperationCanceledException>(() => ml.Transforms.GroupLifters(Groups, Options).Fit(LiftingTestData.Small));
    }

    private sealed class Progress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => report(value);
    }

    internal sealed class KeypointRow
    {
        public float[] Keypoints2D { get; set; } = [];

        public static SchemaDefinition Definition()
        {
            var d = SchemaDefinition.Create(typeof(KeypointRow));
            d[nameof(Keypoints2D)].ColumnType = PoseColumnTypes.Keypoints2D(17);
            return d;
        }
    }

    private sealed class GroupRow
    {
        public float[] GroupPoses3D { get; set; } = [];
    }
}
