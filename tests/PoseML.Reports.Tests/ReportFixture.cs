using PoseML.Data.View;
using Microsoft.ML;
using PoseML.Pipeline.DataLoading;
using PoseML.Reports.Html;
using PoseML.Reports.ModelReport;
using PoseML.Stages.Regression;

namespace PoseML.Reports.Tests;

/// <summary>One small report shared by the tests: the linear lifter fitted on most of the CMU sample (every 10th frame,
/// filmed by the Human3.6M camera 0) and reported on two held-out subjects. Built once per test run (a few seconds).</summary>
internal static class ReportFixture
{
    public const int Worst = 3, Rarest = 2, SequenceFrames = 20;

    private static readonly Lazy<(HtmlPage Page, string Path, int Actions)> Built = new(Build);

    public static HtmlPage Page => Built.Value.Page;

    public static string Path => Built.Value.Path;

    public static int Actions => Built.Value.Actions;

    private static (HtmlPage, string, int) Build()
    {
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadLiftingData(["cmu"], stride: 10).Cache();
        var (train, test, _) = ml.Data.SplitBySubject(data, testFraction: 0.25, seed: 0);
        var model = ml.Transforms.LinearLifter(labelColumnName: PoseML.Data.PoseColumns.Pose3D).Fit(train);
        var page = ModelReportBuilder.Build(ml, model, test, new ModelReportOptions
        {
            ModelName = "linear lifter (test fixture)", DataName = "CMU sample, held-out subjects",
            WorstFrames = Worst, RarestFrames = Rarest, SequenceFrames = SequenceFrames,
        });
        var dir = System.IO.Path.Combine(AppContext.BaseDirectory, "report-artefacts");
        Directory.CreateDirectory(dir);
        var path = System.IO.Path.Combine(dir, "report.html");
        page.Write(path);
        var actions = test.ReadTextsDistinct();
        return (page, path, actions);
    }

    private static int ReadTextsDistinct(this IDataView view) =>
        PoseML.Data.View.DataViews.DistinctTexts(view, PoseML.Data.PoseColumns.Action).Length;
}
