using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Evaluation;
using PoseML.Pipeline.Evaluation;
using PoseML.Stages.RarePose;
using PoseML.Stages.Regression;
using PoseML.Tests.Pipeline;

namespace PoseML.Tests.Stages.RarePose;

/// <summary>The evaluation protocols on <c>mlContext.Regression</c> (EvaluateRarePoses, CrossActionPoses,
/// CrossDatasetPoses), checked against the same steps composed by hand.</summary>
[TestClass]
public sealed class ProtocolCatalogTests
{
    /// <summary>Synthetic poses with three actions (Walk 1, Walk 2, Sit) cycling over the rows.</summary>
    private static InMemoryDataView Data()
    {
        var data = SyntheticPoses.Create(subjects: 3, framesPerSubject: 30, cameras: 1);
        string[] names = ["Walk 1", "Walk 2", "Sit"];
        var actions = Enumerable.Range(0, data.Rows).Select(i => names[i % 3]).ToArray();
        var builder = new DataViewBuilder();
        foreach (var c in data.Columns)
            builder.Add(c.Name, c.Type, c.Name == PoseColumns.Action ? ColumnBuffer.Of(actions) : data.Column(c.Name));
        return builder.Build();
    }

    [TestMethod]
    public void CrossActionPoses_FitsOnOneActionOfTrainSubjects_EvaluatesAllActionsOfTestSubjects()
    {
        var ml = new MLContext(seed: 1);
        var data = Data();
        var report = ml.Regression.CrossActionPoses(data, ml.Transforms.LinearLifter(), "Walk", ["S1", "S2"], ["S3"]);
        // independent composition: filter by hand, fit, transform, evaluate
        var train = data.Filter([PoseColumns.Subject, PoseColumns.Action], (b, r) =>
            b.GetTexts(PoseColumns.Subject)[r] != "S3" && b.GetTexts(PoseColumns.Action)[r].StartsWith("Walk", StringComparison.Ordinal));
        var test = data.FilterByText(PoseColumns.Subject, s => s == "S3");
        var expected = PoseEvaluation.Evaluate(ml.Transforms.LinearLifter().Fit(train).Transform(test), PoseColumns.PredictedPose3D, PoseColumns.Pose3D);
        Assert.AreEqual(30, report.Frames);
        Assert.AreEqual(expected.Mpjpe, report.Mpjpe, 1e-9);
        Assert.AreEqual(3, report.PerAction.Count, "the test set has every action");
    }

    [TestMethod]
    public void CrossDatasetPoses_FitsOnSourceEvaluatesOnTarget_AndRejectsMismatchedSkeletons()
    {
        var ml = new MLContext(seed: 1);
        var source = SyntheticPoses.Create(subjects: 2, framesPerSubject: 30, seed: 1);
        var target = SyntheticPoses.Create(subjects: 1, framesPerSubject: 25, seed: 2);
        var report = ml.Regression.CrossDatasetPoses(source, target, ml.Transforms.LinearLifter());
        var expected = PoseEvaluation.Evaluate(ml.Transforms.LinearLifter().Fit(source).Transform(target), PoseColumns.PredictedPose3D, PoseColumns.Pose3D);
        Assert.AreEqual(target.Rows, report.Frames);
        Assert.AreEqual(expected.Mpjpe, report.Mpjpe, 1e-9);
        var wrong = new DataViewBuilder().AddFloat(PoseColumns.Pose3D, new float[16 * 3], 16, 3).Build();
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => ml.Regression.CrossDatasetPoses(source, wrong, ml.Transforms.LinearLifter()));
        Assert.AreEqual(PoseColumns.Pose3D, e.Column);
    }

    [TestMethod]
    public void EvaluateRarePoses_EvaluatesTheRarestCeilPercentOfScoredRows()
    {
        var ml = new MLContext(seed: 1);
        var data = Data();
        var scored = ml.Transforms.LinearLifter().Fit(data).Transform(data).Cache();
        var report = ml.Regression.EvaluateRarePoses(scored, percent: 15, mode: OccurrenceMode.Exact);
        Assert.AreEqual(14, report.Frames); // ceil(0.15 · 90) = 13.5 → 14
        // independent expectation: per-row MPJPE averaged over the 14 rows of lowest exact occurrence
        var truth = scored.ReadFloats(PoseColumns.Pose3D);
        var predicted = scored.ReadFloats(PoseColumns.PredictedPose3D);
        var occurrence = OccurrenceScorer.Fit(truth, 17, new RarePoseOptions { Mode = OccurrenceMode.Exact }).Score(truth);
        var rows = Enumerable.Range(0, 90).OrderBy(r => occurrence[r]).ThenBy(r => r).Take(14);
        var expected = rows.Average(r => PoseMetrics.Mpjpe(predicted.AsSpan(r * 51, 51), truth.AsSpan(r * 51, 51), 17));
        Assert.AreEqual(expected, report.Mpjpe, 1e-4);
    }
}
