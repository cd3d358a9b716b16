using PoseML.Data;
using System.CommandLine;
using System.Globalization;
using PoseML.Core;
using PoseML.Data.Formats;
using PoseML.Data.View;
using PoseML.Evaluation;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml evaluate --pred P.csv --gt G.csv [--format table|json] [--out report.json]</c>:
/// the standard metrics table of predicted 3D poses against ground truth, rows matched on
/// (subject, action, camera, frame).</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var pred = new Option<string>("--pred") { Description = "Predicted 3D poses, a pose-table CSV (_x,_y,_z columns, mm)", Required = true };
        var gt = new Option<string>("--gt") { Description = "Ground-truth 3D poses, a pose-table CSV with the same joints", Required = true };
        var format = new Option<string>("--format") { Description = "Output format: table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var outPath = new Option<string?>("--out") { Description = "Also write the report as JSON to this file" };
        var skipMissing = new Option<bool>("--skip-missing") { Description = "Leave predicted joints with empty cells out of the metrics instead of failing" };
        var ignoreUnmatched = new Option<bool>("--ignore-unmatched") { Description = "Evaluate only rows present in both files instead of failing on unmatched keys" };
        var command = new Command("evaluate", "Compare predicted 3D poses with ground truth: MPJPE, PA-MPJPE, N-MPJPE, PCK@150mm, AUC, per joint and per action")
        {
            pred, gt, format, outPath, skipMissing, ignoreUnmatched,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var predPath = parse.GetValue(pred)!;
            var gtPath = parse.GetValue(gt)!;
            var skip = parse.GetValue(skipMissing);
            var predicted = Read(predPath, skip);
            var truth = Read(gtPath, allowMissing: false);
            if (!predicted.Layout.Skeleton.Equals(truth.Layout.Skeleton))
                throw new DataFormatException(predPath, $"joints of skeleton {predicted.Layout.Skeleton.Name} do not match {gtPath} (skeleton {truth.Layout.Skeleton.Name})", 1);
            var unmatched = parse.GetValue(ignoreUnmatched) ? UnmatchedRows.Ignore : UnmatchedRows.Error;
            var options = new PoseEvaluationOptions
            {
                Skeleton = truth.Layout.Skeleton,
                SkipMissingJoints = skip,
                UnmatchedPredictions = unmatched,
                UnmatchedTruth = unmatched,
                PredictedSource = predPath,
                TruthSource = gtPath,
            };
            var (truthRows, adjusted) = SelectTruth(truth, options);
            var report = PoseEvaluation.Evaluate(predicted, truthRows, adjusted);
            if (parse.GetValue(outPath) is { } file)
                AtomicFile.Write(file, stream => PoseMetricsReportJson.Write(report, stream));
            if (parse.GetValue(format) == "json") output.WriteLine(PoseMetricsReportJson.ToJson(report));
            else WriteTable(output, report);
            return 0;
        });
        return command;
    }

    /// <summary>The ground-truth rows to evaluate on, and the options to evaluate with. Extension point:
    /// a later <c>--rare R</c> option restricts the ground truth here to the rarest R % of its poses and
    /// sets <see cref="PoseEvaluationOptions.UnmatchedPredictions"/> to <see cref="UnmatchedRows.Ignore"/>,
    /// so predictions of the other poses are left out rather than reported as unmatched.</summary>
    private static (IDataView Truth, PoseEvaluationOptions Options) SelectTruth(IDataView truth, PoseEvaluationOptions options) =>
        (truth, options);

    private static PoseCsvDataView Read(string path, bool allowMissing)
    {
        var view = PoseCsv.Read(path, new PoseCsvReadOptions { AllowMissing = allowMissing });
        if (view.Layout.Dimensions != 3)
            throw new DataFormatException(path, "expected a 3D pose table (<Joint>_x,_y,_z columns in mm), found 2D keypoints (_u,_v)", 1);
        return view;
    }

    private static void WriteTable(TextWriter output, PoseMetricsReport report)
    {
        static string F(double v) => double.IsFinite(v) ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";
        output.WriteLine($"frames evaluated   {report.Frames}");
        output.WriteLine($"MPJPE    (P1)      {F(report.Mpjpe)} mm");
        output.WriteLine($"PA-MPJPE (P2)      {F(report.PaMpjpe)} mm");
        output.WriteLine($"N-MPJPE            {F(report.NMpjpe)} mm");
        output.WriteLine($"PCK@150mm          {F(report.Pck150)} %");
        output.WriteLine($"AUC 0-150mm        {F(report.Auc)} %");
        if (report.Mpjve is { } v) output.WriteLine($"MPJVE              {F(v)} mm/frame");
        if (report.BoneSymmetry is { } s) output.WriteLine($"bone symmetry      {F(s)} mm");
        if (report.MissingJoints > 0) output.WriteLine($"missing joints     {report.MissingJoints} (skipped)");
        var actionWidth = Math.Max(6, report.PerAction.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max());
        output.WriteLine();
        output.WriteLine($"{"action".PadRight(actionWidth)}  {"frames",7}  {"MPJPE",9}  {"PA-MPJPE",9}");
        foreach (var (name, m) in report.PerAction)
            output.WriteLine($"{name.PadRight(actionWidth)}  {m.Frames,7}  {F(m.Mpjpe),9}  {F(m.PaMpjpe),9}");
        var jointWidth = Math.Max(5, report.PerJoint.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max());
        output.WriteLine();
        output.WriteLine($"{"joint".PadRight(jointWidth)}  {"MPJPE",9}");
        foreach (var (name, value) in report.PerJoint) output.WriteLine($"{name.PadRight(jointWidth)}  {F(value),9}");
    }
}
