using IDataView = Microsoft.ML.IDataView;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Pipeline.Search;
using PoseML.Stages.Regression;
using PoseML.Tests.Stages;

namespace PoseML.Tests.Pipeline;

/// <summary>The pipeline layer end to end, as a user writes it: a z-score normaliser on Keypoints2D followed
/// by the linear 2D→3D lifter fits, cross-validates by subject, is tuned by each tuner, and its best model
/// saves, loads and reproduces its output bit for bit.</summary>
[TestClass]
public sealed class PipelineDemonstrationTests
{
    private static readonly InMemoryDataView Data = SyntheticPoses.Create(subjects: 6, framesPerSubject: 40, seed: 1);

    private static IReadOnlyDictionary<string, double> Evaluate(PoseContext ctx, IDataView scored) =>
        new Dictionary<string, double> { ["Mpjpe"] = ctx.Evaluation.Mpjpe(scored, PoseColumns.Pose3D, PoseColumns.PredictedPose3D) };

    [TestMethod]
    public void TwoStagePipeline_FitsAndBeatsTheMeanPoseOnUnseenSubjects()
    {
        var ctx = new PoseContext(seed: 2026);
        var split = ctx.Data.TrainTestSplit(Data, testFraction: 0.34, samplingKeyColumnName: PoseColumns.Subject);
        var pipeline = ctx.Transforms.NormalizeMeanVariance(PoseColumns.Keypoints2D)
            .Append(ctx.Lifting.LinearLifter(labelColumnName: PoseColumns.Pose3D, l2: 1e-3));
        var model = pipeline.Fit(split.TrainSet);
        var mpjpe = ctx.Evaluation.Mpjpe(model.Transform(split.TestSet));
        var baseline = SyntheticPoses.MeanPoseMpjpe(split.TrainSet.Cache(), split.TestSet.Cache());
        Assert.IsTrue(mpjpe < 0.5 * baseline, $"linear lifter {mpjpe:0.0} mm vs mean pose {baseline:0.0} mm");
    }

    [TestMethod]
    public void TwoStagePipeline_CrossValidatesBySubject()
    {
        var ctx = new PoseContext(seed: 2026);
        var pipeline = ctx.Transforms.NormalizeMeanVariance().Append(ctx.Lifting.LinearLifter());
        var cv = ctx.Evaluation.CrossValidate(Data, pipeline, s => Evaluate(ctx, s), numberOfFolds: 3, samplingKeyColumnName: PoseColumns.Subject, seed: 1);
        CollectionAssert.AreEquivalent(Data.DistinctTexts(PoseColumns.Subject), cv.Folds.SelectMany(f => f.TestKeys).ToArray());
        foreach (var fold in cv.Folds)
        {
            var test = fold.ScoredTestData.Cache();
            var train = Data.FilterByText(PoseColumns.Subject, s => !fold.TestKeys.Contains(s)).Cache();
            Assert.IsTrue(fold.MetricValues["Mpjpe"] < 0.5 * SyntheticPoses.MeanPoseMpjpe(train, test), $"fold {fold.Fold}");
        }
        Assert.IsTrue(cv.Summary["Mpjpe"].StandardDeviation > 0);
        var again = ctx.Evaluation.CrossValidate(Data, pipeline, s => Evaluate(ctx, s), numberOfFolds: 3, seed: 1);
        Assert.AreEqual(cv.Summary["Mpjpe"].Mean, again.Summary["Mpjpe"].Mean, "same seed, same folds, same result");
    }

    [TestMethod]
    [DataRow("random")]
    [DataRow("grid")]
    [DataRow("halving")]
    public void TwoStagePipeline_IsTunedSavedLoadedAndReproducedBitForBit(string tunerName)
    {
        var ctx = new PoseContext(seed: 2026);
        ITuner tuner = tunerName switch
        {
            "random" => new RandomTuner(),
            "grid" => new GridTuner(pointsPerRange: 4),
            _ => new SuccessiveHalvingTuner(eta: 3),
        };
        var dir = Path.Combine(Path.GetTempPath(), $"poseml-demo-{Guid.NewGuid():N}");
        try
        {
            var result = ctx.Evaluation.Sweep(Data, new LinearLifterOptions(),
                (options, budget) => ctx.Transforms.NormalizeMeanVariance().Append(ctx.Lifting.LinearLifter(options)),
                scored => Evaluate(ctx, scored),
                new SweepOptions
                {
                    Tuner = tuner, Trials = 4, Seed = 7, LogPath = Path.Combine(dir, "trials.jsonl"), SaveBestTo = Path.Combine(dir, "best.zip"),
                });
            var full = result.Trials.Where(t => t.Budget.IsFull).ToArray();
            Assert.IsTrue(full.Length >= 1);
            Assert.AreEqual(full.Min(t => t.Objective), result.Best.Objective);
            Assert.AreEqual(result.Best.Parameters["L2"]!.GetValue<double>(), result.BestOptions.L2);
            Assert.AreEqual(result.Trials.Count + 1, File.ReadAllLines(Path.Combine(dir, "trials.jsonl")).Length);

            var loaded = ctx.Model.Load(Path.Combine(dir, "best.zip"), out var inputSchema);
            StageContract.AssertSameSchema(Data.Columns(), inputSchema, "saved input schema");
            Assert.AreEqual(result.BestOptions.L2, ((TransformerChain<ITransformer>)loaded).LastTransformer is LinearLifterTransformer l ? l.Options.L2 : double.NaN);
            StageContract.AssertBitIdentical(result.Model!.Transform(Data).Cache(), loaded.Transform(Data).Cache(), $"{tunerName}: best model after load");
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
