using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.MLNet;
using PoseML.Reports.ModelReport;
using PoseML.Stages.GroupLifters;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml report --model M.zip --test PATH… --out report.html</c>: one self-contained HTML page (plotly.js
/// inlined) about a saved model on a test set; the page is laid out by <see cref="ModelReportBuilder"/>.</summary>
internal static class ReportCommand
{
    internal static Command Create()
    {
        var modelPath = new Option<string>("--model") { Description = "ML.NET model zip written by 'poseml train' or 'poseml quickstart'", Required = true };
        var test = new Option<string[]>("--test") { Description = "Test data: " + LiftingDataSources.Help, Required = true, AllowMultipleArgumentsPerToken = true };
        var subjects = new Option<string[]>("--subjects") { Description = "Keep only these subjects of the test data (e.g. the held-out ones: S5,S6)", AllowMultipleArgumentsPerToken = true };
        var stride = new Option<int>("--stride") { Description = "Keep every N-th frame of the test data (1 keeps all)", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "HTML file to write (atomically)", Required = true };
        var title = new Option<string?>("--title") { Description = $"Page title (default '{ModelReportDefaults.Title}')" };
        var worst = new Option<int>("--worst") { Description = "Worst frames drawn in 3D beside their ground truth", DefaultValueFactory = _ => ModelReportDefaults.WorstFrames };
        var rarest = new Option<int>("--rarest") { Description = "Rarest poses drawn in 3D beside their prediction", DefaultValueFactory = _ => ModelReportDefaults.RarestFrames };
        var sequence = new Option<int>("--sequence-frames") { Description = "Frames of the animated sequence around the worst frame (0: none)", DefaultValueFactory = _ => ModelReportDefaults.SequenceFrames };
        var command = new Command("report", "Write a self-contained HTML report of a model on a test set: metrics by protocol and action, worst and rarest frames in 3D, per-joint errors")
        {
            modelPath, test, subjects, stride, output, title, worst, rarest, sequence,
        };
        command.SetAction(parse =>
        {
            var outPath = parse.GetValue(output)!;
            AtomicFile.EnsureWritable(outPath);
            foreach (var (option, value) in new[] { ("--worst", parse.GetValue(worst)), ("--rarest", parse.GetValue(rarest)), ("--sequence-frames", parse.GetValue(sequence)) })
                if (value < 0) throw new InvalidOptionException(option, $"must be >= 0, got {value}");
            var clock = Stopwatch.StartNew();
            var ml = new MLContext(0);
            ml.SetPoseCancellation(CliCancellation.Token);
            var path = parse.GetValue(modelPath)!;
            var model = ModelFiles.Load(ml, path, out _);
            var sources = parse.GetValue(test)!;
            var data = LiftingDataSources.Load(ml, "--test", sources, parse.GetValue(stride));
            var keep = (parse.GetValue(subjects) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
            if (keep.Count > 0)
            {
                var all = data.Cache();
                data = all.FilterByText(PoseColumns.Subject, keep.Contains).Cache();
                if (data.Cache().Rows == 0)
                    throw new InvalidOptionException("--subjects", $"none of {string.Join(", ", keep)} is in the test data; its subjects are {string.Join(", ", all.DistinctTexts(PoseColumns.Subject))}");
            }
            var page = ModelReportBuilder.Build(ml, model, data, new ModelReportOptions
            {
                Title = parse.GetValue(title) ?? ModelReportDefaults.Title,
                ModelName = Path.GetFileName(path),
                DataName = string.Join(" ", sources) + (keep.Count > 0 ? $" (subjects {string.Join(", ", keep.Order(StringComparer.Ordinal))})" : ""),
                WorstFrames = parse.GetValue(worst),
                RarestFrames = parse.GetValue(rarest),
                SequenceFrames = parse.GetValue(sequence),
                TrainingHistory = TrainingHistoryEntry.Read(path),
            });
            page.Write(outPath);
            parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {outPath}: {page.PlotCount} plots, {new FileInfo(outPath).Length / 1024.0 / 1024.0:0.0} MB, in {clock.Elapsed.TotalSeconds:0.0} s"));
            return 0;
        });
        return command;
    }
}
