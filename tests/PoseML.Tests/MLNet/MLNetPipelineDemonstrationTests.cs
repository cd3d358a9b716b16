using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Data;
using PoseML.Data.Cameras;
using PoseML.Data.View;
using PoseML.MLNet;
using PoseML.Pipeline.DataLoading;
using PoseML.Pipeline.Evaluation;
using PoseML.Pipeline.Search;
using PoseML.Stages.DeepPoseConsensus;
using PoseML.Stages.GroupLifters;
using PoseML.Tests.Stages.DeepPoseConsensus;

namespace PoseML.Tests.MLNet;

/// <summary>The demonstration: an <see cref="MLContext"/> pipeline mixing ML.NET built-ins (CopyColumns,
/// NormalizeMeanVariance) with a PoseML stage (Martinez) fits on the shipped CMU sample, saves with
/// <c>mlContext.Model.Save</c>, loads in a separate process and gives the same poses through Transform and
/// PredictionEngine; the same estimator cross-validates by subject and is tuned by a small sweep.</summary>
[TestClass]
public sealed class MLNetPipelineDemonstrationTests
{
    /// <summary>Every 40th frame of the CMU sample (≈ 600 poses) seen by the four Human3.6M cameras: Keypoints2D in
    /// pixels, camera-frame Pose3D in mm, Confidence. Small enough for a tiny lifter to fit in about a second.</summary>
    private static readonly Lazy<IDataView> Cmu = new(() =>
    {
        var ml = new MLContext(seed: 1);
        var poses = ml.Data.LoadPoseDataset("cmu").Filter([PoseColumns.Frame], (b, r) => b.GetInts(PoseColumns.Frame)[r] % 40 == 0).Cache();
        var rig = H36MCameras.Rig();
        return rig.Project(poses.PlaceInRig(rig)).Cache();
    });

    private static IEstimator<ITransformer> Pipeline(MLContext ml, int width = 16) =>
        ml.Transforms.CopyColumns("Keypoints2DRaw", PoseColumns.Keypoints2D)
            .Append(ml.Transforms.NormalizeMeanVariance("Keypoints2DNormalized", PoseColumns.Keypoints2D, fixZero: false))
            .Append(ml.Transforms.Martinez(LiftingTestData.TinyMartinez.Lifter with { Width = width, Seed = 5, InputColumnName = "Keypoints2DNormalized" }));

    [TestMethod]
    public void MixedPipeline_FitsOnCmu_SavesWithModelSave_AndGivesTheSamePosesInAFreshProcessAndPredictionEngine()
    {
        var data = Cmu.Value;
        var ml = new MLContext(seed: 1);
        var model = Pipeline(ml).Fit(data);
        var scored = model.Transform(data);
        Assert.AreEqual("Vector<Single, 17, 3>", scored.Schema[PoseColumns.PredictedPose3D].Type.ToString());
        Assert.IsNotNull(scored.Schema.GetColumnOrNull("Keypoints2DRaw"), "the built-in's column is there");
        var expected = FreshProcess.Floats(scored, PoseColumns.PredictedPose3D);
        var report = ml.Regression.EvaluatePoses(scored);
        Assert.IsTrue(report.Mpjpe < 1000, $"a trained lifter beats predicting nothing by far (MPJPE {report.Mpjpe:0} mm)");

        var (fresh, loaded) = LiftingAssert.SaveAndLoad(ml, model, data);
        Assert.AreEqual("Vector<Single, 17, 3>", fresh.Schema[PoseColumns.PredictedPose3D].Type.ToString());
        LiftingAssert.Close(expected, FreshProcess.Floats(fresh, PoseColumns.PredictedPose3D), "separate process (Model.Load, Transform)");

        var keypoints = FreshProcess.Floats(data, PoseColumns.Keypoints2D);
        var confidence = FreshProcess.Floats(data, PoseColumns.Confidence);
        foreach (var frame in new[] { 0, 17, 101 })
        {
            var row = new FrameRow { Keypoints2D = keypoints.AsSpan(frame * 34, 34).ToArray(), Confidence = confidence.AsSpan(frame * 17, 17).ToArray() };
            var one = ml.Model.CreatePredictionEngine<FrameRow, PoseRow>(loaded, inputSchemaDefinition: FrameRow.Definition()).Predict(row);
            LiftingAssert.Close(expected.AsSpan(frame * 51, 51).ToArray(), one.PredictedPose3D, $"prediction engine, loaded, frame {frame}");
        }
    }

    [TestMethod]
    public void MixedPipeline_CrossValidatesBySubject_AndASmallSweepTunesIt()
    {
        var data = Cmu.Value;
        var ml = new MLContext(seed: 1);
        var subjects = data.GetColumn<ReadOnlyMemory<char>>(PoseColumns.Subject).Select(s => s.ToString()).Distinct().ToArray();
        var cv = ml.Regression.CrossValidatePoses(data, Pipeline(ml), numberOfFolds: 3, seed: 2);
        Assert.AreEqual(3, cv.Folds.Count);
        CollectionAssert.AreEquivalent(subjects, cv.Folds.SelectMany(f => f.TestKeys).ToArray(), "each subject tested in exactly one fold");
        Assert.AreEqual(data.GetColumn<int>(PoseColumns.Frame).Count(), cv.Folds.Sum(f => f.Metrics.Frames), "every row scored once");
        Assert.AreEqual(3, cv.Summary["Mpjpe"].Count);

        var sweep = ml.Regression.SweepPoses(data, new DemoOptions(), (o, _) => Pipeline(ml, o.Width),
            new SweepOptions { Tuner = new GridTuner(pointsPerRange: 2), Trials = 2, Seed = 1, NumberOfFolds = 2, RefitBest = false });
        Assert.AreEqual(2, sweep.Trials.Count);
        foreach (var t in sweep.Trials) Assert.AreEqual("ok", t.Status, t.Error);
        Assert.AreEqual(sweep.Trials.Min(t => t.Objective), sweep.Best.Objective, "the best trial has the lowest MPJPE");
        CollectionAssert.Contains(new[] { 8, 16 }, sweep.BestOptions.Width);
    }

    /// <summary>The searched option of the demonstration: the lifter's width.</summary>
    public sealed record DemoOptions
    {
        [Choice(8, 16)]
        public int Width { get; init; } = 16;
    }
}
