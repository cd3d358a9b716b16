using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace PoseML.Vision.Networks.Hourglass;

/// <summary>Throughput and memory of the stacked hourglass in TorchSharp, measured as
/// <c>tests/PoseML.Benchmarks/refs/hourglass.py</c> measures PyTorch: training images/s (forward, L_2d, backward, Adam step,
/// train mode), inference images/s (evaluation mode, no gradients) and the process's peak resident memory after training.</summary>
public static class HourglassBenchmark
{
    /// <summary>What was measured.</summary>
    /// <param name="TrainImagesPerSecond">Training throughput.</param>
    /// <param name="InferImagesPerSecond">Inference throughput.</param>
    /// <param name="PeakRssMegabytesAfterTrain">Peak resident set (VmHWM) of the process after training, MiB.</param>
    /// <param name="RssMegabytesBeforeTrain">Resident set before the first training step, MiB.</param>
    /// <param name="Parameters">Trainable parameters.</param>
    public sealed record Result(double TrainImagesPerSecond, double InferImagesPerSecond, double PeakRssMegabytesAfterTrain, double RssMegabytesBeforeTrain, long Parameters);

    /// <summary>Runs the measurement on random images and targets.</summary>
    public static Result Run(HourglassShape shape, int batch, int threads, double seconds, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (threads > 0) set_num_threads(threads);
        var dev = TorchDevices.Parse(device);
        var net = StackedHourglass.Create(shape, 0);
        net.to(dev);
        var parameters = net.parameters().Sum(p => p.numel());
        var h = shape.HeatmapSize;
        using var x = rand([batch, 3, shape.InputSize, shape.InputSize], device: dev);
        using var target = rand([batch, 1, shape.Joints, h, h], device: dev);
        using var weight = ones([batch, 1, shape.Joints, 1, 1], device: dev);
        using var optimizer = optim.Adam(net.parameters(), 1e-3);
        var before = Process.GetCurrentProcess().WorkingSet64 / 1048576.0;

        void Step()
        {
            using var scope = NewDisposeScope();
            var loss = ((net.forward(x) - target).square() * weight).mean() * shape.Stacks;
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }

        net.train();
        Step();
        Step();
        var steps = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            Step();
            steps++;
        }
        var train = steps * batch / clock.Elapsed.TotalSeconds;
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var peak = process.PeakWorkingSet64 / 1048576.0;

        net.eval();
        double infer;
        using (no_grad())
        {
            using (NewDisposeScope()) net.Predict(x);
            var n = 0;
            clock.Restart();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                using var scope = NewDisposeScope();
                net.Predict(x);
                n++;
            }
            infer = n * batch / clock.Elapsed.TotalSeconds;
        }
        return new Result(train, infer, peak, before, parameters);
    }
}
