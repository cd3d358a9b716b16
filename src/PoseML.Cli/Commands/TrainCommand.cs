using IDataView = Microsoft.ML.IDataView;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PoseML.Cli.Progress;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using Microsoft.ML;
using PoseML.MLNet;
using PoseML.Pipeline.Evaluation;
using PoseML.Onnx;
using PoseML.Stages.Consensus;
using PoseML.Stages.DeepPoseConsensus;
using PoseML.Stages.GroupLifters;
using Defaults = PoseML.Stages.GroupLifters.GroupLifterDefaults;
using PoseML.Stages.JointGroupSelection;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml train</c>: trains Deep Pose Consensus Networks or the Martinez baseline on 2D/3D pose
/// data and saves the fitted ML.NET model (joint groups, lifters, consensus) with <c>mlContext.Model.Save</c>.</summary>
internal static class TrainCommand
{
    internal static Command Create()
    {
        var preset = new Option<string>("--preset")
        {
            Description = "dpcn (the paper's architecture, groups and l2,1 consensus, trained with L_lifting only: the paper's L_aggre costs accuracy on held-out subjects in our measurements, docs/results.md), "
                + "dpcn-paper (dpcn with the paper's literal loss L_lifting + L_aggre, Eq. 12 through the least-squares consensus), "
                + "martinez (one ReLU lifter for all joints), martinez-leaky (n_t = 1, LeakyReLU), "
                + "or a JSON file: one flat object whose keys are this command's flags without '--', spelt exactly as the flags, with the values they take, "
                + "e.g. {\"preset\": \"martinez\", \"width\": 256, \"epochs\": 20, \"batch-size\": 64, \"strategy\": \"body-parts\", \"no-aggregation\": true}. "
                + $"Keys: {TrainSettings.AcceptedKeys}. Unknown keys and values of the wrong type are errors; flags given on the command line override the file",
            DefaultValueFactory = _ => "dpcn",
        };
        var train = new Option<string[]>("--train") { Description = "Training data: " + LiftingDataSources.Help, Required = true, AllowMultipleArgumentsPerToken = true };
        var valid = new Option<string[]>("--valid") { Description = "Validation data for early stopping (default: the last training subject is held out)", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "ML.NET model zip to write (atomically; load it with mlContext.Model.Load or 'poseml predict')", Required = true };
        var onnx = new Option<string?>("--onnx") { Description = "Also write the trained group lifters as an ONNX file (raw 2D keypoints → stacked group estimates, mm), atomically" };
        var epochs = new Option<int?>("--epochs") { Description = $"Maximum epochs (default {Defaults.Epochs}, the paper's; 5–10 for a first run on a CPU)" };
        var width = new Option<int?>("--width") { Description = $"Hidden width of each lifter (default {Defaults.Width}, the paper's; 128–256 for a first run on a CPU)" };
        var blocks = new Option<int?>("--blocks") { Description = $"Residual blocks per lifter (default {Defaults.ResidualBlocks})" };
        var batch = new Option<int?>("--batch-size") { Description = $"Mini-batch size (default {Defaults.BatchSize})" };
        var lr = new Option<double?>("--lr") { Description = $"Initial RMSProp learning rate (default {Defaults.LearningRate})" };
        var dropout = new Option<float?>("--dropout") { Description = $"Dropout probability (default {Defaults.Dropout})" };
        var patience = new Option<int?>("--patience") { Description = $"Early-stopping patience in epochs, 0 = off (default {Defaults.Patience})" };
        var groupSize = new Option<int?>("--groups-size") { Description = "Joints per group n_g (default 10)" };
        var coverage = new Option<int?>("--coverage") { Description = "Minimum groups per joint m_g (default 10)" };
        var lambda = new Option<double?>("--lambda") { Description = "λ of the weighted group sampling (default 10)" };
        var strategy = new Option<string?>("--strategy") { Description = "Joint groups: weighted, random, body-parts or all-joints" };
        var aggregation = new Option<string?>("--aggregation")
        {
            Description = "The aggregation loss L_aggre (Eq. 12): none (dpcn's default), through-consensus (the paper's literal reading, dpcn-paper's), "
                + "stop-gradient (least-squares consensus held constant: the same gradient), robust-consensus (the l2,1 consensus held constant)",
        };
        var noAggregation = new Option<bool>("--no-aggregation") { Description = "Train without the aggregation loss L_aggre (same as --aggregation none)" };
        var aggregationWeight = new Option<double?>("--aggregation-weight") { Description = $"Weight of L_aggre against L_lifting, both in m² (default {Defaults.AggregationWeight})" };
        var aggregationWarmup = new Option<int?>("--aggregation-warmup") { Description = "Epochs trained without L_aggre before it is added (default 0)" };
        var solver = new Option<string?>("--solver") { Description = "Consensus: l21 (default), l1 or lsq" };
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice", DefaultValueFactory = _ => 0 };
        var test = new Option<string[]>("--test") { Description = "Test data, evaluated after training (MPJPE = Protocol 1, PA-MPJPE = Protocol 2): " + LiftingDataSources.Help, AllowMultipleArgumentsPerToken = true };
        var testSubjects = new Option<string[]>("--test-subjects") { Description = "Subjects of the training data to hold out as test data (split by subject), e.g. CMU07 CMU35", AllowMultipleArgumentsPerToken = true };
        var stride = new Option<int>("--stride") { Description = "Keep every N-th frame of the data (subsampling; 1 keeps all)", DefaultValueFactory = _ => 1 };
        var command = new Command("train", "Train Deep Pose Consensus Networks (or the Martinez baseline) on 2D/3D pose data and save the model. "
            + $"The defaults are the paper's architecture and schedule (width {Defaults.Width}, {Defaults.Epochs} epochs, weighted groups n_g = 10, l2,1 consensus): "
            + "hours on a 2-core CPU, about a minute per epoch even on a few thousand frames; for a first run pass e.g. --width 256 --epochs 10. "
            + "One difference from the paper: the lifters are trained with L_lifting alone, because the paper's aggregation loss L_aggre (Eq. 12) "
            + "made the fused pose worse on held-out subjects under every reading we measured (docs/results.md); --preset dpcn-paper or "
            + "--aggregation through-consensus trains with the paper's literal loss.")
        {
            preset, train, valid, output, onnx, epochs, width, blocks, batch, lr, dropout, patience, groupSize, coverage, lambda, strategy, aggregation, noAggregation, aggregationWeight, aggregationWarmup, solver, seed, stride, test, testSubjects,
        };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var outPath = parse.GetValue(output)!;
            AtomicFile.EnsureWritable(outPath);
            var options = ResolveOptions(parse.GetValue(preset)!, new Dictionary<string, object?>
            {
                ["epochs"] = parse.GetValue(epochs), ["width"] = parse.GetValue(width), ["blocks"] = parse.GetValue(blocks),
                ["batch-size"] = parse.GetValue(batch), ["lr"] = parse.GetValue(lr), ["dropout"] = (double?)parse.GetValue(dropout),
                ["patience"] = parse.GetValue(patience), ["groups-size"] = parse.GetValue(groupSize), ["coverage"] = parse.GetValue(coverage),
                ["lambda"] = parse.GetValue(lambda), ["strategy"] = parse.GetValue(strategy),
                ["aggregation"] = parse.GetValue(aggregation), ["no-aggregation"] = parse.GetValue(noAggregation) ? true : null, ["aggregation-weight"] = parse.GetValue(aggregationWeight),
                ["aggregation-warmup"] = parse.GetValue(aggregationWarmup), ["solver"] = parse.GetValue(solver),
                ["seed"] = parse.GetResult(seed) is { Implicit: false } ? parse.GetValue(seed) : null,
            });

            var onnxPath = parse.GetValue(onnx);
            if (onnxPath is not null) AtomicFile.EnsureWritable(onnxPath);

            var ml = new MLContext(options.Lifter.Seed ?? 0);
            ml.SetPoseCancellation(CliCancellation.Token);
            var allTrain = LiftingDataSources.Load(ml, "--train", parse.GetValue(train)!, parse.GetValue(stride));
            var heldOut = (parse.GetValue(testSubjects) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
            var trainData = (heldOut.Count == 0 ? allTrain : allTrain.FilterByText(PoseColumns.Subject, s => !heldOut.Contains(s))).Cache();
            IDataView? testData = null;
            if (heldOut.Count > 0)
            {
                var held = allTrain.FilterByText(PoseColumns.Subject, s => heldOut.Contains(s)).Cache();
                if (held.Rows == 0) throw new InvalidOptionException("--test-subjects", $"none of {string.Join(", ", heldOut)} is in the training data; its subjects are {string.Join(", ", allTrain.DistinctTexts(PoseColumns.Subject))}");
                testData = held;
            }
            if (parse.GetValue(test) is { Length: > 0 } testSources)
            {
                var extra = LiftingDataSources.Load(ml, "--test", testSources, parse.GetValue(stride)).Cache();
                testData = testData is null ? extra : testData.Concat(extra.SelectColumns(testData.Schema.Select(c => c.Name).ToArray())).Cache();
            }
            var validSources = parse.GetValue(valid);
            IDataView? validData = validSources is { Length: > 0 } ? LiftingDataSources.Load(ml, "--valid", validSources, parse.GetValue(stride)).Cache() : null;
            var clock = Stopwatch.StartNew();
            // Built inside the display: an estimator takes the context's progress subscription when it is created.
            var model = ProgressDisplay.Run(ml, writer, error, () => Estimator(ml, options).Fit(trainData, validData));
            var seconds = clock.Elapsed.TotalSeconds;
            CliCancellation.Token.ThrowIfCancellationRequested();
            ModelFiles.Save(ml, model, trainData.Schema, outPath);
            // What the fit reports (epochs, validation) is on the fitted lifter stage of the returned chain.
            var lifters = model.OfType<GroupLifterTransformer>().Single();
            var best = lifters.History.FirstOrDefault(h => h.Epoch == lifters.BestEpoch);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trained on {lifters.TrainingRows ?? trainData.CountRows()} frames, validated on {Validation(lifters, validData)} in {seconds:0.0} s: {lifters.Groups}, {lifters.ParameterCount:N0} parameters"));
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epochs run: {lifters.History.Count}, best epoch: {lifters.BestEpoch}{(best is null || double.IsNaN(best.ValidationMpjpe) ? "" : $", validation MPJPE {best.ValidationMpjpe:0.0} mm (least-squares fused pose)")}"));
            writer.WriteLine($"wrote {outPath}");
            if (onnxPath is not null)
            {
                var bytes = lifters.ToOnnx();
                AtomicFile.Write(onnxPath, stream => stream.Write(bytes));
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"wrote {onnxPath}: the group lifters as ONNX (opset {OnnxFormat.Opset}), input '{lifters.Options.InputColumnName}' float[{lifters.Groups.JointCount},2] → output '{lifters.Options.OutputColumnName}' float[{lifters.Groups.RowCount},3]; the consensus is not a network and stays in PoseML"));
            }
            if (testData is not null)
            {
                var report = ml.Regression.EvaluatePoses(model.Transform(testData));
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"test: {report.Frames} frames{(heldOut.Count > 0 ? $" (subjects {string.Join(", ", heldOut.Order(StringComparer.Ordinal))})" : "")}: MPJPE {report.Mpjpe:0.0} mm (Protocol 1), PA-MPJPE {report.PaMpjpe:0.0} mm (Protocol 2), PCK150 {report.Pck150:0.0} %"));
            }
            return 0;
        });
        return command;
    }

    /// <summary>The ML.NET estimator of the resolved options: <c>Martinez(lifter)</c> when the options are the Martinez
    /// preset's apart from the lifter settings, else <c>DeepPoseConsensus(options)</c>.</summary>
    internal static DeepPoseConsensusEstimator Estimator(MLContext ml, DeepPoseConsensusOptions options) =>
        options == DeepPoseConsensusOptions.Martinez with { Lifter = options.Lifter }
            ? ml.Transforms.Martinez(options.Lifter)
            : ml.Transforms.DeepPoseConsensus(options);

    /// <summary>What early stopping watched: the --valid data, the held-out training subjects, or nothing.</summary>
    private static string Validation(GroupLifterTransformer lifters, IDataView? validData)
    {
        var rows = lifters.ValidationRows ?? 0;
        if (rows == 0) return "no frames (no validation data; every epoch trains on all frames)";
        if (validData is not null) return $"{rows} frames (--valid)";
        return $"{rows} frames (held-out subject{(lifters.HeldOutSubjects.Count == 1 ? "" : "s")} {string.Join(", ", lifters.HeldOutSubjects)})";
    }

    internal static DeepPoseConsensusOptions Preset(string name) => name.ToLowerInvariant() switch
    {
        "dpcn" => DeepPoseConsensusOptions.Dpcn,
        "dpcn-paper" => DeepPoseConsensusOptions.DpcnPaperLoss,
        "martinez" => DeepPoseConsensusOptions.Martinez,
        "martinez-leaky" => DeepPoseConsensusOptions.SingleGroupLeakyReLU,
        _ => throw new InvalidOptionException("--preset", $"'{name}' is not dpcn, dpcn-paper, martinez, martinez-leaky or an existing JSON file"),
    };

    /// <summary>The options a train run uses: the named preset (or the one a preset file starts from), then the
    /// file's settings, then the flags given; checked, with errors naming the flag or file key that set the value.</summary>
    /// <param name="preset">The <c>--preset</c> value: a preset name or a JSON file (see <see cref="TrainSettings"/>).</param>
    /// <param name="flags">Flag values by key; null where the flag was not given.</param>
    internal static DeepPoseConsensusOptions ResolveOptions(string preset, IReadOnlyDictionary<string, object?> flags)
    {
        var origins = new Dictionary<string, string?>(StringComparer.Ordinal);
        DeepPoseConsensusOptions options;
        if (preset.ToLowerInvariant() is "dpcn" or "dpcn-paper" or "martinez" or "martinez-leaky" || !File.Exists(preset))
        {
            options = Preset(preset);
        }
        else
        {
            var (name, values) = TrainSettings.ReadFile(preset);
            options = Preset(name);
            foreach (var (setting, value) in values)
            {
                options = setting.Apply(options, value);
                origins[setting.Key] = preset;
            }
        }
        // The flag's default seed (0) applies unless the file set one.
        options = TrainSettings.All.First(s => s.Key == "seed").Apply(options, options.Lifter.Seed ?? 0);
        foreach (var setting in TrainSettings.All)
        {
            if (!flags.TryGetValue(setting.Key, out var value) || value is null) continue;
            options = setting.Apply(options, value);
            origins[setting.Key] = null;
        }
        try
        {
            options.Validate();
        }
        catch (InvalidOptionException e)
        {
            throw TrainSettings.Translate(e, origins);
        }
        return options;
    }

    internal static JointGroupStrategy ParseStrategy(string s) => s.ToLowerInvariant() switch
    {
        "weighted" => JointGroupStrategy.Weighted,
        "random" => JointGroupStrategy.Random,
        "body-parts" or "bodyparts" => JointGroupStrategy.BodyParts,
        "all-joints" or "all" => JointGroupStrategy.AllJoints,
        _ => throw new InvalidOptionException("--strategy", $"unknown strategy '{s}'; expected weighted, random, body-parts or all-joints"),
    };

    /// <summary>Applies an <c>--aggregation</c> value: <c>none</c> switches L_aggre off, a reading switches it on with that reading.</summary>
    internal static GroupLifterOptions ApplyAggregation(GroupLifterOptions lifter, string s) => s.ToLowerInvariant() switch
    {
        "none" or "off" => lifter with { UseAggregationLoss = false },
        "through-consensus" or "through" => lifter with { UseAggregationLoss = true, AggregationReading = AggregationReading.ThroughConsensus },
        "stop-gradient" => lifter with { UseAggregationLoss = true, AggregationReading = AggregationReading.StopGradient },
        "robust-consensus" or "robust" => lifter with { UseAggregationLoss = true, AggregationReading = AggregationReading.RobustConsensus },
        _ => throw new InvalidOptionException("--aggregation", $"unknown aggregation '{s}'; expected none, through-consensus, stop-gradient or robust-consensus"),
    };

    internal static ConsensusSolverKind ParseSolver(string s) => s.ToLowerInvariant() switch
    {
        "l21" => ConsensusSolverKind.L21,
        "l1" => ConsensusSolverKind.L1,
        "lsq" or "ls" or "least-squares" => ConsensusSolverKind.LeastSquares,
        _ => throw new InvalidOptionException("--solver", $"unknown solver '{s}'; expected l21, l1 or lsq"),
    };
}
