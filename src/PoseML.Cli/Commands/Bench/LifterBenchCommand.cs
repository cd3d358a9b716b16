using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PoseML.Core;
using PoseML.Nn.Networks;

namespace PoseML.Cli.Commands.Bench;

/// <summary><c>poseml bench lifter</c>: training and inference throughput and batch-1 latency of a
/// Martinez lifter (G = 1) or of G group lifters run as grouped layers, measured like
/// <c>refs/perf/lifter.py</c>.</summary>
internal static class LifterBenchCommand
{
    internal static Command Create()
    {
        var groups = new Option<int>("--groups") { Description = "Lifters run together (1: Martinez; 17: group lifters)", DefaultValueFactory = _ => 1 };
        var nIn = new Option<int>("--n-in") { Description = "Input joints per lifter J (2J inputs)", DefaultValueFactory = _ => 16 };
        var nOut = new Option<int?>("--n-out") { Description = "Output joints per lifter (3× outputs); default J" };
        var width = new Option<int>("--width") { Description = "Hidden width", DefaultValueFactory = _ => 1024 };
        var batch = new Option<int>("--batch") { Description = "Training and inference batch", DefaultValueFactory = _ => 1024 };
        var blocks = new Option<int>("--blocks") { Description = "Residual blocks", DefaultValueFactory = _ => 2 };
        var act = new Option<string>("--act") { Description = "leaky (LeakyReLU 0.2) or relu", DefaultValueFactory = _ => "leaky" };
        var threads = new Option<int>("--threads") { Description = "GEMM threads (0: every core)", DefaultValueFactory = _ => 2 };
        var seconds = new Option<double>("--seconds") { Description = "Seconds per measurement", DefaultValueFactory = _ => 3 };
        var format = new Option<string>("--format") { Description = "json or table", DefaultValueFactory = _ => "table" };
        var command = new Command("lifter", "Train/infer throughput and batch-1 latency of the lifting network")
        {
            groups, nIn, nOut, width, batch, blocks, act, threads, seconds, format,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var fmt = parse.GetValue(format)!;
            if (fmt is not ("json" or "table")) throw new InvalidOptionException("--format", $"expected json or table, got '{fmt}'");
            var activation = parse.GetValue(act) switch
            {
                "leaky" => LifterActivation.LeakyReLU,
                "relu" => LifterActivation.ReLU,
                var other => throw new InvalidOptionException("--act", $"expected leaky or relu, got '{other}'"),
            };
            var options = new LifterBenchmarkOptions
            {
                Groups = parse.GetValue(groups), InputJoints = parse.GetValue(nIn), OutputJoints = parse.GetValue(nOut),
                Width = parse.GetValue(width), Batch = parse.GetValue(batch), ResidualBlocks = parse.GetValue(blocks),
                Activation = activation, Threads = parse.GetValue(threads), Seconds = parse.GetValue(seconds),
            };
            var r = LifterBenchmark.Run(options);
            if (fmt == "json")
            {
                var json = new Dictionary<string, object?>
                {
                    ["train_samples_per_s"] = r.TrainSamplesPerSecond,
                    ["infer_samples_per_s"] = r.InferSamplesPerSecond,
                    ["latency_us"] = r.LatencyMicroseconds,
                    ["params"] = r.Parameters,
                    ["alloc_bytes_per_train_step"] = r.AllocatedBytesPerTrainStep,
                    ["groups"] = options.Groups, ["n_in"] = options.InputJoints, ["n_out"] = options.OutputJoints ?? options.InputJoints,
                    ["width"] = options.Width, ["batch"] = options.Batch, ["blocks"] = options.ResidualBlocks,
                    ["act"] = parse.GetValue(act), ["threads"] = options.Threads,
                };
                output.WriteLine(JsonSerializer.Serialize(json));
            }
            else
            {
                var c = CultureInfo.InvariantCulture;
                output.WriteLine(string.Create(c, $"lifter G={options.Groups} J={options.InputJoints} width={options.Width} blocks={options.ResidualBlocks} batch={options.Batch} threads={options.Threads} params={r.Parameters:N0}"));
                output.WriteLine(string.Create(c, $"  train  {r.TrainSamplesPerSecond,12:F1} samples/s  (forward + MSE backward + RMSProp, train mode)"));
                output.WriteLine(string.Create(c, $"  infer  {r.InferSamplesPerSecond,12:F1} samples/s  (eval mode)"));
                output.WriteLine(string.Create(c, $"  latency{r.LatencyMicroseconds,12:F1} µs         (batch 1, eval mode, median)"));
                output.WriteLine(string.Create(c, $"  alloc  {r.AllocatedBytesPerTrainStep,12:F0} bytes/step (steady-state training)"));
            }
            return 0;
        });
        return command;
    }
}
