using IDataView = Microsoft.ML.IDataView;
using PoseML.Data;
using System.CommandLine;
using System.Globalization;
using PoseML.Core;
using PoseML.Data.Formats;
using PoseML.Data.View;
using PoseML.Evaluation;
using PoseML.Evaluation.Protocols;
using PoseML.Stages.RarePose;

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
        var rare = new Option<double?>("--rare") { Description = "Rare Pose Protocol: evaluate only the R % of ground-truth poses with the lowest occurrence (ceil(R·N/100) poses)" };
        var rareRef = new Option<string?>("--rare-ref") { Description = "With --rare: measure occurrence in this 3D pose table (e.g. the training set) instead of the ground truth itself" };
        var rareMode = new Option<string>("--rare-mode") { Description = "With --rare: occurrence by exact or fast scoring", DefaultValueFactory = _ => "fast" };
        rareMode.AcceptOnlyFromAmong("exact", "fast");
        var command = new Command("evaluate", "Compare predicted 3D poses with ground truth: MPJPE, PA-MPJPE, N-MPJPE, PCK@150mm, AUC, per joint and per action")
        {
            pred, gt, format, outPath, skipMissing, ignoreUnmatched, rare, rareRef, rareMode,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(outPath) is { } reportPath) AtomicFile.EnsureWritable(reportPath);
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
            var rarity = new RareSelection(parse.GetValue(rare), parse.GetValue(rareRef), parse.GetValue(rareMode) == "exact" ? OccurrenceMode.Exact : OccurrenceMode.Fast);
            var (truthRows, adjusted, note) = SelectTruth(truth, options, rarity);
            var token = CliCancellation.Token;
            var report = PoseEvaluation.Evaluate(predicted.WithCancellation(token), truthRows.WithCancellation(token), adjusted);
            if (parse.GetValue(outPath) is { } file)
                AtomicFile.Write(file, stream => PoseMetricsReportJson.Write(report, stream));
            if (parse.GetValue(format) == "json") output.WriteLine(PoseMetricsReportJson.ToJson(report));
            else
            {
                if (note is not null) output.WriteLine(note);
                WriteTable(output, report);
            }
            return 0;
        });
        return command;
    }

    /// <summary>The <c>--rare</c> settings: percentage (null: all poses), reference table (null: the ground truth), mode.</summary>
    private sealed record RareSelection(double? Percent, string? ReferencePath, OccurrenceMode Mode);

    /// <summary>The ground-truth rows to evaluate on, the options to evaluate with, and a line describing the selection.
    /// With <c>--rare R</c> the ground truth is restricted to the rarest R % of its poses (Rare Pose Protocol) and
    /// <see cref="PoseEvaluationOptions.UnmatchedPredictions"/> is set to <see cref="UnmatchedRows.Ignore"/>, so
    /// predictions of the other poses are left out rather than reported as unmatched.</summary>
    private static (IDataView Truth, PoseEvaluationOptions Options, string? Note) SelectTruth(PoseCsvDataView truth, PoseEvaluationOptions options, RareSelection rare)
    {
        if (rare.Percent is not { } percent) return (truth, options, null);
        IDataView? reference = null;
        if (rare.ReferencePath is { } path)
        {
            var view = Read(path, allowMissing: false);
            if (!view.Layout.Skeleton.Equals(truth.Layout.Skeleton))
                throw new DataFormatException(path, $"joints of skeleton {view.Layout.Skeleton.Name} do not match the ground truth (skeleton {truth.Layout.Skeleton.Name})", 1);
            reference = view;
        }
        var scoring = new RarePoseOptions { Mode = rare.Mode, RootJoint = Math.Max(0, truth.Layout.Skeleton.Parents.IndexOf(-1)) };
        var subset = RarePoseProtocol.SelectRarest(truth, percent, reference, scoring);
        var note = $"rare pose protocol {percent.ToString("0.##", CultureInfo.InvariantCulture)} %: {subset.RowIndices.Length} of {subset.TotalRows} ground-truth poses, " +
            $"occurrence in {(rare.ReferencePath ?? "the ground truth")} ({(rare.Mode == OccurrenceMode.Exact ? "exact" : "fast")})";
        return (subset.Rows, options with { UnmatchedPredictions = UnmatchedRows.Ignore }, note);
    }

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
