using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using PoseML.Cli.Progress;
using PoseML.Core;
using PoseML.MLNet;
using PoseML.Vision.Stages.HeatmapEstimator;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml train-heatmaps</c>: trains the stacked-hourglass heatmap estimator on image data and saves it as an
/// ML.NET model (and optionally its weights as safetensors).</summary>
internal static class TrainHeatmapsCommand
{
    internal static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Training images: " + HeatmapDataSources.Help, Required = true };
        var output = new Option<string>("--out") { Description = "ML.NET model zip to write (atomically): image → heatmaps, an ONNX graph inside", Required = true };
        var weights = new Option<string?>("--weights") { Description = "Also write the network's weights as safetensors (PyTorch names), atomically" };
        var size = new Option<int>("--size") { Description = "Image side S (heatmaps are S/4)", DefaultValueFactory = _ => HeatmapEstimatorDefaults.InputSize };
        var stacks = new Option<int>("--stacks") { Description = "Hourglasses", DefaultValueFactory = _ => HeatmapEstimatorDefaults.Stacks };
        var width = new Option<int>("--width") { Description = "Feature channels", DefaultValueFactory = _ => HeatmapEstimatorDefaults.Width };
        var depth = new Option<int>("--depth") { Description = "Down-sampling levels per hourglass (S must be a multiple of 4·2^depth)", DefaultValueFactory = _ => HeatmapEstimatorDefaults.Depth };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the data", DefaultValueFactory = _ => HeatmapEstimatorDefaults.Epochs };
        var batch = new Option<int>("--batch-size") { Description = "Images per step", DefaultValueFactory = _ => HeatmapEstimatorDefaults.BatchSize };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => HeatmapEstimatorDefaults.LearningRate };
        var sigma = new Option<float>("--sigma") { Description = "Gaussian target σ, heatmap pixels", DefaultValueFactory = _ => HeatmapEstimatorDefaults.Sigma };
        var limit = new Option<int?>("--limit") { Description = "Train on the first N images only" };
        var stride = new Option<int>("--stride") { Description = "Keep every n-th frame (sources that have frames)", DefaultValueFactory = _ => 10 };
        var subjects = new Option<string[]>("--subjects") { Description = "Subjects to train on (rendered: e.g. SynthS1 SynthS2; default all)", AllowMultipleArgumentsPerToken = true };
        var framesPerAction = new Option<int>("--frames-per-action") { Description = "At most N kept frames per subject, action and camera (rendered; 0 keeps all)", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "cpu or cuda (needs a CUDA libtorch package)", DefaultValueFactory = _ => HeatmapEstimatorDefaults.Device };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (0: one per core; 1 is faster when other jobs keep the cores busy)", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of weights, shuffling and rendered appearance", DefaultValueFactory = _ => 0 };
        var command = new Command("train-heatmaps",
            "Train the heatmap estimator (Newell's stacked hourglass, as Deep Pose Consensus Networks uses it) on images with 2D labels. "
            + "The model maps Image float[3,S,S] to Heatmaps float[17,S/4,S/4]; append ConvertHeatmapsToKeypoints (scale 4, "
            + "MappingColumnName CropToImage) for keypoints in image pixels. Ctrl-C stops between batches and writes nothing.")
        {
            data, output, weights, size, stacks, width, depth, epochs, batch, lr, sigma, limit, stride, subjects, framesPerAction, device, threads, seed,
        };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var outPath = parse.GetValue(output)!;
            AtomicFile.EnsureWritable(outPath);
            var weightsPath = parse.GetValue(weights);
            if (weightsPath is not null) AtomicFile.EnsureWritable(weightsPath);
            var options = new HeatmapEstimatorOptions
            {
                InputSize = parse.GetValue(size), Stacks = parse.GetValue(stacks), Width = parse.GetValue(width), Depth = parse.GetValue(depth),
                Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch), LearningRate = parse.GetValue(lr), Sigma = parse.GetValue(sigma),
                Device = parse.GetValue(device)!, Threads = parse.GetValue(threads), Seed = parse.GetValue(seed),
            };
            options.Validate();
            var ml = new MLContext(parse.GetValue(seed));
            ml.SetPoseCancellation(CliCancellation.Token);
            var images = HeatmapDataSources.Load(ml, "--data", parse.GetValue(data)!, new HeatmapDataSources.Request(options.InputSize, parse.GetValue(seed), parse.GetValue(stride),
                parse.GetValue(subjects) ?? [], parse.GetValue(framesPerAction)));
            if (parse.GetValue(limit) is { } n)
            {
                if (n < 1) throw new InvalidOptionException("--limit", $"must be ≥ 1, got {n}");
                images = ml.Data.TakeRows(images, n);
            }
            var clock = Stopwatch.StartNew();
            // Built inside the display: an estimator takes the context's progress subscription when it is created.
            HeatmapEstimator? estimator = null;
            var model = ProgressDisplay.Run(ml, writer, error, () => (estimator = ml.Transforms.EstimateHeatmaps(options)).Fit(images));
            var seconds = clock.Elapsed.TotalSeconds;
            CliCancellation.Token.ThrowIfCancellationRequested();
            ModelFiles.Save(ml, model, images.Schema, outPath);
            var shape = model.Network.Shape;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trained {shape.Stacks}-stack hourglass (width {shape.Width}, depth {shape.Depth}, {shape.InputSize}×{shape.InputSize} → {shape.Joints}×{shape.HeatmapSize}×{shape.HeatmapSize}) for {options.Epochs} epochs in {seconds:0.0} s; L_2d per epoch: {string.Join(", ", estimator!.EpochLosses.Select(l => l.ToString("G3", CultureInfo.InvariantCulture)))}"));
            writer.WriteLine($"wrote {outPath}");
            if (weightsPath is not null)
            {
                model.SaveWeights(weightsPath);
                writer.WriteLine($"wrote {weightsPath}");
            }
            return 0;
        });
        return command;
    }
}
