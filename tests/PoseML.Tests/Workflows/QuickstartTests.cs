using PoseML.Data;
using PoseML.Data.View;
using Microsoft.ML;
using PoseML.Pipeline.Evaluation;
using PoseML.Workflows;

namespace PoseML.Tests.Workflows;

[TestClass]
public sealed class QuickstartTests
{
    [TestMethod]
    public void Run_HoldsOutSubjectsEvaluatesAndSavesModelsThatReproduceTheTable()
    {
        var dir = Directory.CreateTempSubdirectory("poseml-quickstart").FullName;
        try
        {
            var ml = new MLContext(3);
            var result = Quickstart.Run(ml, new QuickstartOptions { Seed = 3, IncludeCmu = false, OutputDirectory = dir, Models = [Quickstart.Linear] });
            var row = result.Rows.Single();
            Assert.AreEqual("synthetic", row.Dataset);
            Assert.AreEqual(2, result.TestSubjects["synthetic"].Count, "a third of 6 subjects is held out");

            // Independent check: rebuild the split, score the held-out rows with the saved model.
            var split = QuickstartData.Load(3, new QuickstartOptions().TestFraction, includeCmu: false).Single();
            CollectionAssert.AreEqual(result.TestSubjects["synthetic"].ToArray(), split.TestSubjects.ToArray());
            Assert.AreEqual(0, split.Train.DistinctTexts(PoseColumns.Subject).Intersect(split.TestSubjects).Count());
            // The saved file is an ML.NET model: loaded by ML.NET in a fresh context, it scores the held-out rows again.
            var loaded = new MLContext(0).Model.Load(result.SavedModels.Single(), out _);
            var again = ml.Regression.EvaluatePoses(loaded.Transform(split.Test));
            Assert.AreEqual(row.Metrics.Frames, again.Frames);
            Assert.AreEqual(row.Metrics.Mpjpe, again.Mpjpe, 1e-9, "the saved model reproduces the reported error");
            Assert.IsLessThan(row.Metrics.Mpjpe, row.Metrics.PaMpjpe + 1e-9, "Protocol 2 aligns, so it cannot be worse");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
