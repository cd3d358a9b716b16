using System.CommandLine;
using System.Globalization;
using PoseML.Cli.Progress;
using PoseML.Core;
using PoseML.Data.View;
using Microsoft.ML;
using PoseML.MLNet;
using PoseML.Pipeline.DataLoading;
using PoseML.Pipeline.Evaluation;
using PoseML.Pipeline.Search;
using PoseML.Stages.Regression;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml sweep</c>: hyper-parameter search of a named ML.NET pipeline (<c>mlContext.Regression.SweepPoses</c>), with a resumable trial log,
/// refitting the best options on all data and saving the model.</summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var data = new Option<string[]>("--data")
        {
            Description = "Pose-table CSVs: at least one 2D and one 3D table, joined on subject, action, camera, frame",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var tuner = new Option<string>("--tuner") { Description = "random, grid or halving (successive halving over training samples)", DefaultValueFactory = _ => "random" };
        var trials = new Option<int>("--trials")
        {
            Description = "Trials (grid: at most this many points). With --tuner halving: the configurations of the first rung; "
                + "each later rung retrains the best 1/eta of the previous one on eta times the data, so more trials run in all "
                + "(--trials 27 --eta 3: 27 + 9 + 3 = 39); the output says how many, and which --trials keeps the total within the number",
            DefaultValueFactory = _ => 20,
        };
        var points = new Option<int>("--points") { Description = "Grid points per numeric range", DefaultValueFactory = _ => GridTuner.Defaults.PointsPerRange };
        var eta = new Option<double>("--eta") { Description = "Successive-halving reduction factor", DefaultValueFactory = _ => SuccessiveHalvingTuner.Defaults.Eta };
        var log = new Option<string>("--log") { Description = "Trial log (JSON Lines)", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue the search recorded in --log, skipping finished trials" };
        var outPath = new Option<string>("--out") { Description = "Where to save the best pipeline, refitted on all data", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the validation split and the tuner", DefaultValueFactory = _ => 0 };
        var model = new Option<string>("--model") { Description = CvCommand.ModelHelp(), DefaultValueFactory = _ => "linear" };
        var command = new Command("sweep", "Search a pipeline's hyper-parameters ([Range]/[Choice] on its options), validating on held-out subjects")
        {
            data, tuner, trials, points, eta, log, resume, outPath, seed, model,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            AtomicFile.EnsureWritable(parse.GetValue(outPath)!);
            AtomicFile.EnsureWritable(parse.GetValue(log)!);
            var ml = new MLContext(parse.GetValue(seed));
            ml.SetPoseCancellation(CliCancellation.Token);
            var name = parse.GetValue(model)!;
            LiftingPipelines.Require(name);
            ITuner chosen = parse.GetValue(tuner) switch
            {
                "random" => new RandomTuner(),
                "grid" => new GridTuner(parse.GetValue(points)),
                "halving" => new SuccessiveHalvingTuner(parse.GetValue(eta)),
                var other => throw new InvalidOptionException("--tuner", $"expected random, grid or halving, got '{other}'"),
            };
            var view = ml.Data.LoadJoinedPoseCsv(parse.GetValue(data)!).Cache();
            var options = new SweepOptions
            {
                Tuner = chosen, Trials = parse.GetValue(trials), LogPath = parse.GetValue(log), Resume = parse.GetValue(resume),
                Seed = parse.GetValue(seed), SaveBestTo = parse.GetValue(outPath), Objective = "Mpjpe",
            };
            var result = ProgressDisplay.Run(ml, output, error, () => ml.Regression.SweepPoses(view, new LinearLifterOptions(),
                (o, _) => LiftingPipelines.CreateLinear(ml, o), options));
            output.WriteLine($"model: {name}, tuner: {chosen.Name}, trials: {result.Trials.Count} ({result.ResumedTrials} read back from {options.LogPath})");
            if (chosen is SuccessiveHalvingTuner halving && halving.RungSizes.Count > 1)
            {
                var requested = options.Trials;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"halving: --trials {requested} configurations in rung 0, each later rung keeps the best 1/{halving.Eta:0.##}: " +
                    $"{string.Join(" + ", halving.RungSizes)} = {halving.TotalTrials} trials (for at most {requested} in all, pass --trials {halving.FirstRungFor(requested)})"));
            }
            output.WriteLine("trial  rung  budget      MPJPE (mm)  parameters");
            foreach (var t in result.Trials)
            {
                var score = t.Objective is { } o ? o.ToString("0.00", CultureInfo.InvariantCulture) : "failed";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{t.Trial,5}  {t.Rung,4}  {t.Budget.Fraction,6:0.000}  {score,10}  {t.Parameters.ToJsonString()}"));
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"best: trial {result.Best.Trial}, MPJPE {result.Best.Objective:0.00} mm, {result.Best.Parameters.ToJsonString()}"));
            output.WriteLine($"saved: {options.SaveBestTo}");
            return 0;
        });
        return command;
    }
}
