using System.IO.Compression;
using Microsoft.ML;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Stages.DeepPoseConsensus;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.Regression;
using PoseML.Tests.Stages.DeepPoseConsensus;

namespace PoseML.Tests.Stages.GroupLifters;

[TestClass]
public sealed class TrainingHistoryEntryTests
{
    [TestMethod]
    public void HistoryTravelsInTheModelZipAndModelLoadIgnoresIt()
    {
        var ml = new MLContext(seed: 0);
        var data = LiftingTestData.Small;
        var model = ml.Transforms.DeepPoseConsensus(LiftingTestData.TinyDpcn).Fit(data);
        var history = TrainingHistoryEntry.Of(model);
        Assert.HasCount(LiftingTestData.TinyLifter.Epochs, history, "one record per epoch");

        var path = Path.Combine(Path.GetTempPath(), $"poseml-history-{Guid.NewGuid():N}.zip");
        try
        {
            using (var file = File.Create(path)) TrainingHistoryEntry.SaveModel(ml, model, data.Schema, file);
            using (var zip = ZipFile.OpenRead(path)) Assert.IsNotNull(zip.GetEntry(TrainingHistoryEntry.EntryName));

            // Read back exactly (NaN validation errors as NaN).
            var read = TrainingHistoryEntry.Read(path);
            Assert.HasCount(history.Count, read);
            for (var i = 0; i < history.Count; i++)
            {
                Assert.AreEqual(history[i].Epoch, read[i].Epoch);
                Assert.AreEqual(history[i].LiftingLoss, read[i].LiftingLoss);
                Assert.AreEqual(history[i].AggregationLoss, read[i].AggregationLoss);
                Assert.AreEqual(double.IsNaN(history[i].ValidationMpjpe), double.IsNaN(read[i].ValidationMpjpe));
                if (!double.IsNaN(history[i].ValidationMpjpe)) Assert.AreEqual(history[i].ValidationMpjpe, read[i].ValidationMpjpe);
                Assert.AreEqual(history[i].LearningRate, read[i].LearningRate);
            }

            // ML.NET loads the zip as if the entry were not there, and the loaded model carries no history of its own.
            var loaded = new MLContext(seed: 0).Model.Load(path, out _);
            var expected = model.Transform(data).ReadFloats(PoseML.Data.PoseColumns.PredictedPose3D);
            var actual = loaded.Transform(data).ReadFloats(PoseML.Data.PoseColumns.PredictedPose3D);
            Assert.HasCount(expected.Length, actual);
            // ONNX Runtime and PoseML's engine sum in different orders: 1e-3 mm + 1e-5 relative, the saved-form tolerance.
            for (var i = 0; i < expected.Length; i++)
                Assert.IsLessThanOrEqualTo(1e-3 + 1e-5 * Math.Abs(expected[i]), Math.Abs(expected[i] - actual[i]), $"value {i}");
            Assert.IsEmpty(TrainingHistoryEntry.Of(loaded));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ModelsWithoutHistoryAreSavedAsMLNetSavesThem()
    {
        var ml = new MLContext(seed: 0);
        var data = LiftingTestData.Small;
        var model = ml.Transforms.LinearLifter(labelColumnName: PoseML.Data.PoseColumns.Pose3D).Fit(data);
        using var ours = new MemoryStream();
        using var theirs = new MemoryStream();
        TrainingHistoryEntry.SaveModel(ml, model, data.Schema, ours);
        ml.Model.Save(model, data.Schema, theirs);
        using var zip = new ZipArchive(new MemoryStream(ours.ToArray()));
        Assert.IsNull(zip.GetEntry(TrainingHistoryEntry.EntryName));
        Assert.AreEqual(theirs.Length, ours.Length);
    }

    [TestMethod]
    public void AModelWithoutTheEntryHasNoHistoryAndAnotherFileIsAOneLineError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"poseml-history-{Guid.NewGuid():N}.zip");
        try
        {
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Create)) zip.CreateEntry("Model/Version.txt");
            Assert.IsEmpty(TrainingHistoryEntry.Read(path));
            File.WriteAllText(path, "not a zip");
            var e = Assert.ThrowsExactly<DataFormatException>(() => TrainingHistoryEntry.Read(path));
            StringAssert.Contains(e.Message, path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
