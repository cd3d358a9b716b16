using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PoseML.Cli.Progress;
using PoseML.Core;
using Microsoft.ML;
using PoseML.MLNet;
using PoseML.Workflows;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml quickstart</c>: the README's main job (see <see cref="Quickstart"/>).</summary>
internal static class QuickstartCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Seed of the subject split and of every model", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Folder for the fitted ML.NET models (<model>.zip, load with mlContext.Model.Load or 'poseml predict')", DefaultValueFactory = _ => "quickstart-output" };
        var noCmu = new Option<bool>("--no-cmu") { Description = "Train and test on the synthetic data only" };
        var command = new Command("quickstart",
            "Train the models on the shipped data (synthetic subjects + CMU sample through the Human3.6M cameras), evaluate on held-out subjects, print a comparison table and save the models")
        {
            seed, output, noCmu,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var clock = Stopwatch.StartNew();
            AtomicFile.EnsureWritableDirectory(parse.GetValue(output)!);
            var ml = new MLContext(parse.GetValue(seed));
            ml.SetPoseCancellation(CliCancellation.Token);
            var options = new QuickstartOptions { Seed = parse.GetValue(seed), IncludeCmu = !parse.GetValue(noCmu), OutputDirectory = parse.GetValue(output) };
            var result = ProgressDisplay.Run(ml, stdout, parse.InvocationConfiguration.Error, () => Quickstart.Run(ml, options));
            Print(stdout, result, clock.Elapsed);
            return 0;
        });
        return command;
    }

    private static void Print(TextWriter w, QuickstartResult result, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        w.WriteLine($"trained on {result.TrainRows:N0} rows (2D keypoints → 3D camera-frame poses); held-out subjects:");
        foreach (var (dataset, subjects) in result.TestSubjects) w.WriteLine($"  {dataset}: {string.Join(", ", subjects)}");
        w.WriteLine();
        w.WriteLine("model       dataset     frames   MPJPE  PA-MPJPE  N-MPJPE  PCK150    AUC   fit s");
        foreach (var row in result.Rows)
        {
            var m = row.Metrics;
            w.WriteLine(string.Create(inv,
                $"{row.Model,-11} {row.Dataset,-10} {m.Frames,7} {m.Mpjpe,7:0.0} {m.PaMpjpe,9:0.0} {m.NMpjpe,8:0.0} {m.Pck150,7:0.0} {m.Auc,6:0.0} {result.FitSeconds[row.Model],7:0.0}"));
        }
        w.WriteLine("(errors in mm: MPJPE = Protocol 1, PA-MPJPE = Protocol 2; PCK150 and AUC in %)");
        foreach (var path in result.SavedModels) w.WriteLine($"saved {path}");
        w.WriteLine(string.Create(inv, $"done in {elapsed.TotalSeconds:0.0} s"));
    }
}
