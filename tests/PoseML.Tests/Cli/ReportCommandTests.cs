using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.View;

namespace PoseML.Tests.Cli;

/// <summary><c>poseml report</c> end to end: a model trained by <c>poseml train</c> on a <c>data synth</c> folder,
/// reported on one of its subjects. (The page itself is tested in PoseML.Reports.Tests, in a browser too.)</summary>
[TestClass]
public sealed class ReportCommandTests
{
    [TestMethod]
    public void ReportOfATrainedModelHasItsTrainingCurveAndRejectsUnknownSubjects()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"poseml-report-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var data = Path.Combine(dir, "synth");
            Assert.AreEqual(0, CliRunner.Run("data", "synth", "--out", data, "--subjects", "3", "--frames", "12").Code);
            var model = Path.Combine(dir, "model.zip");
            var (code, _, error) = CliRunner.Run("train", "--preset", "dpcn", "--train", data, "--out", model,
                "--epochs", "2", "--width", "16", "--blocks", "1", "--groups-size", "5", "--coverage", "2", "--batch-size", "32", "--seed", "3");
            Assert.AreEqual(0, code, error);
            var subject = PoseCsv.Read(Path.Combine(data, "poses3d_cam0.csv")).DistinctTexts(PoseColumns.Subject)[0];

            var page = Path.Combine(dir, "report.html");
            (code, var output, error) = CliRunner.Run("report", "--model", model, "--test", data, "--subjects", subject, "--out", page, "--worst", "2", "--rarest", "1");
            Assert.AreEqual(0, code, error);
            StringAssert.StartsWith(output, $"wrote {page}: ");
            var html = File.ReadAllText(page);
            StringAssert.Contains(html, $"subjects {subject}");
            StringAssert.Contains(html, "\"text\":\"Training curve\"", "train saved the history, the report drew it");
            Assert.IsFalse(html.Contains("carries no training history", StringComparison.Ordinal));
            Assert.AreEqual(1, Directory.GetFiles(dir).Count(f => f.EndsWith(".html", StringComparison.Ordinal)), "written atomically: no temporary file left");

            (code, _, error) = CliRunner.Run("report", "--model", model, "--test", data, "--subjects", "Nobody", "--out", Path.Combine(dir, "none.html"));
            Assert.AreNotEqual(0, code);
            StringAssert.Contains(error, "--subjects");
            StringAssert.Contains(error, subject, "the error lists the subjects there are");
            Assert.IsFalse(File.Exists(Path.Combine(dir, "none.html")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
