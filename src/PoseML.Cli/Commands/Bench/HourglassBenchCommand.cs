using System.CommandLine;
using System.Text.Json;
using PoseML.Vision.Networks.Hourglass;

namespace PoseML.Cli.Commands.Bench;

/// <summary><c>poseml bench hourglass</c>: training and inference throughput and training peak memory of the stacked
/// hourglass in TorchSharp, measured like <c>tests/PoseML.Benchmarks/refs/hourglass.py</c> (PyTorch).</summary>
internal static class HourglassBenchCommand
{
    internal static Command Create()
    {
        var stacks = new Option<int>("--stacks") { Description = "Hourglasses", DefaultValueFactory = _ => 2 };
        var width = new Option<int>("--width") { Description = "Feature channels", DefaultValueFactory = _ => 64 };
        var depth = new Option<int>("--depth") { Description = "Down-sampling levels", DefaultValueFactory = _ => 4 };
        var size = new Option<int>("--size") { Description = "Image side", DefaultValueFactory = _ => 128 };
        var joints = new Option<int>("--joints") { Description = "Heatmaps", DefaultValueFactory = _ => 17 };
        var batch = new Option<int>("--batch") { Description = "Images per step", DefaultValueFactory = _ => 16 };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (0: its default)", DefaultValueFactory = _ => 2 };
        var seconds = new Option<double>("--seconds") { Description = "Seconds per measurement", DefaultValueFactory = _ => 10 };
        var device = new Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
        var command = new Command("hourglass", "Train/infer throughput (images/s) and training peak memory of the stacked hourglass (TorchSharp)")
        {
            stacks, width, depth, size, joints, batch, threads, seconds, device,
        };
        command.SetAction(parse =>
        {
            var shape = new HourglassShape(parse.GetValue(stacks), parse.GetValue(width), parse.GetValue(depth), parse.GetValue(size), parse.GetValue(joints));
            shape.Validate();
            var r = HourglassBenchmark.Run(shape, parse.GetValue(batch), parse.GetValue(threads), parse.GetValue(seconds), parse.GetValue(device)!);
            parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["engine"] = "torchsharp 0.107.0 (libtorch 2.10.0)",
                ["train_images_per_s"] = Math.Round(r.TrainImagesPerSecond, 2),
                ["infer_images_per_s"] = Math.Round(r.InferImagesPerSecond, 2),
                ["peak_rss_mb_after_train"] = Math.Round(r.PeakRssMegabytesAfterTrain, 1),
                ["rss_mb_before_train"] = Math.Round(r.RssMegabytesBeforeTrain, 1),
                ["params"] = r.Parameters,
                ["stacks"] = shape.Stacks, ["width"] = shape.Width, ["depth"] = shape.Depth, ["size"] = shape.InputSize, ["joints"] = shape.Joints,
                ["batch"] = parse.GetValue(batch), ["threads"] = parse.GetValue(threads),
            }));
            return 0;
        });
        return command;
    }
}
