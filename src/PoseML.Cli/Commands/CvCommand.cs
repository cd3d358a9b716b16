using System.CommandLine;
using System.Globalization;
using PoseML.Cli.Progress;
using PoseML.Data;
using PoseML.Data.View;
using Microsoft.ML;
using PoseML.MLNet;
using PoseML.Pipeline.DataLoading;
using PoseML.Pipeline.Evaluation;
using PoseML.Stages.Regression;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml cv</c>: cross-validates a named ML.NET pipeline by subject (<c>mlContext.Regression.CrossValidatePoses</c>) on joined 2D/3D pose tables.</summary>
internal static class CvCommand
{
    public static Command Create()
    {
        var data = new Option<string[]>("--data")
        {
            Description = "Pose-table CSVs: at least one 2D and one 3D table, joined on subject, action, camera, frame",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var folds = new Option<int>("--folds") { Description = "Number of folds (each subject in exactly one)", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Seed of the fold assignment", DefaultValueFactory = _ => 0 };
        var model = new Option<string>("--model") { Description = ModelHelp(), DefaultValueFactory = _ => "linear" };
        var key = new Option<string>("--key") { Description = "The sampling-key column", DefaultValueFactory = _ => PoseColumns.Subject };
        var command = new Command("cv", "Cross-validate a pipeline by subject and print MPJPE per fold and mean ± std") { data, folds, seed, model, key };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var ml = new MLContext(parse.GetValue(seed));
            ml.SetPoseCancellation(CliCancellation.Token);
            var name = parse.GetValue(model)!;
            LiftingPipelines.Require(name);
            var view = ml.Data.LoadJoinedPoseCsv(parse.GetValue(data)!).Cache();
            var k = parse.GetValue(folds);
            var result = ProgressDisplay.Run(ml, output, error, () => ml.Regression.CrossValidatePoses(view, LiftingPipelines.CreateLinear(ml, new LinearLifterOptions()),
                numberOfFolds: k, samplingKeyColumnName: parse.GetValue(key)!, seed: parse.GetValue(seed)));
            output.WriteLine($"model: {name} ({LiftingPipelines.Help["Pipeline: linear = ".Length..]})");
            output.WriteLine($"rows: {view.Rows}, folds: {k}, seed: {parse.GetValue(seed)}");
            output.WriteLine("fold  test keys                     MPJPE (mm)  seconds");
            foreach (var f in result.Folds)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{f.Fold + 1,4}  {string.Join(",", f.TestKeys),-28}  {f.MetricValues["Mpjpe"],10:0.00}  {f.Seconds,7:0.00}"));
            }
            output.WriteLine($"MPJPE: {result.Summary["Mpjpe"]} mm (mean ± std over {k} folds)");
            return 0;
        });
        return command;
    }

    internal static string ModelHelp() => LiftingPipelines.Help;
}
