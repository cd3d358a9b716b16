using System.Diagnostics;
using PoseML.Core;
using PoseML.Nn.Losses;
using PoseML.Nn.Optim;

namespace PoseML.Nn.Networks;

/// <summary>What <see cref="LifterBenchmark.Run"/> measures: the shape of the lifter(s), the batch, the
/// threads and the time per measurement (the same quantities as <c>refs/perf/lifter.py</c>).</summary>
public sealed record LifterBenchmarkOptions
{
    /// <summary>Number of lifters G run together as grouped layers.</summary>
    public int Groups { get; init; } = 1;

    /// <summary>Input joints per lifter J (2J input features).</summary>
    public int InputJoints { get; init; } = 16;

    /// <summary>Output joints per lifter (3× output features); defaults to <see cref="InputJoints"/>.</summary>
    public int? OutputJoints { get; init; }

    /// <summary>Hidden width.</summary>
    public int Width { get; init; } = 1024;

    /// <summary>Training and inference batch size.</summary>
    public int Batch { get; init; } = 1024;

    /// <summary>Residual blocks.</summary>
    public int ResidualBlocks { get; init; } = 2;

    /// <summary>Activation.</summary>
    public LifterActivation Activation { get; init; } = LifterActivation.LeakyReLU;

    /// <summary>GEMM threads (≤ 0: every core).</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Seconds spent on each of the three measurements (at least one call each).</summary>
    public double Seconds { get; init; } = 3;

    /// <summary>Seed of weights and data.</summary>
    public int Seed { get; init; }
}

/// <summary>Throughput and latency of a lifter: training (forward + MSE backward + RMSProp step, train
/// mode, dropout 0.5) and inference (eval mode) in samples per second at the given batch, and the median
/// eval-mode latency of one sample.</summary>
/// <param name="TrainSamplesPerSecond">Training samples per second (median over rounds).</param>
/// <param name="InferSamplesPerSecond">Inference samples per second (median over rounds).</param>
/// <param name="LatencyMicroseconds">Median batch-1 eval forward time in µs.</param>
/// <param name="Parameters">Trainable scalars.</param>
/// <param name="AllocatedBytesPerTrainStep">Managed bytes allocated per training step after warm-up (this thread).</param>
public sealed record LifterBenchmarkResult(double TrainSamplesPerSecond, double InferSamplesPerSecond, double LatencyMicroseconds,
    long Parameters, double AllocatedBytesPerTrainStep);

/// <summary>Measures a <see cref="LifterNetwork"/> the way <c>refs/perf/lifter.py</c> measures PyTorch's.</summary>
public static class LifterBenchmark
{
    /// <summary>Runs the three measurements.</summary>
    public static LifterBenchmarkResult Run(LifterBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Batch < 2) throw new InvalidOptionException("batch", $"training with BatchNorm needs a batch of at least 2, got {options.Batch}");
        if (options.InputJoints <= 0) throw new InvalidOptionException("n-in", $"must be positive, got {options.InputJoints}");
        if (!(options.Seconds > 0)) throw new InvalidOptionException("seconds", $"must be positive, got {options.Seconds}");
        var outJoints = options.OutputJoints ?? options.InputJoints;
        var net = new LifterNetwork(new LifterNetworkOptions
        {
            InputFeatures = 2 * options.InputJoints, OutputFeatures = 3 * outJoints, Width = options.Width,
            ResidualBlocks = options.ResidualBlocks, Groups = options.Groups, Activation = options.Activation,
            Dropout = 0.5f, Seed = options.Seed,
        })
        { MaxThreads = options.Threads };
        var random = new Random(options.Seed + 1);
        Tensor RandomTensor(int rows, int cols)
        {
            var t = Tensor.Zeros(rows, cols);
            Init.WeightInit.Normal(t.Span, 0, 1, random);
            return t;
        }

        var x = RandomTensor(options.Batch, net.InputSize);
        var y = RandomTensor(options.Batch, net.OutputSize);
        var optimizer = new RMSProp(net.Parameters(), 1e-3f);
        var loss = new MSELoss();
        void TrainStep()
        {
            optimizer.ZeroGrad();
            loss.Forward(net.Forward(x), y);
            net.Backward(loss.Gradient);
            optimizer.Step();
        }

        net.Train();
        TrainStep(); // warm-up: buffers sized, code jitted
        TrainStep();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        TrainStep();
        var allocatedPerStep = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var train = Rate(TrainStep, options.Seconds) * options.Batch;

        net.Eval();
        void Infer() => net.Forward(x);
        Infer();
        var infer = Rate(Infer, options.Seconds) * options.Batch;

        var x1 = RandomTensor(1, net.InputSize);
        var latencies = new List<double>();
        net.Forward(x1);
        var clock = Stopwatch.StartNew();
        while (latencies.Count < 20 || (clock.Elapsed.TotalSeconds < options.Seconds && latencies.Count < 100_000))
        {
            var start = Stopwatch.GetTimestamp();
            net.Forward(x1);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
        latencies.Sort();
        return new LifterBenchmarkResult(train, infer, latencies[latencies.Count / 2], net.ParameterCount, allocatedPerStep);
    }

    /// <summary>Calls per second: the median over up to 5 rounds filling <paramref name="seconds"/>.</summary>
    private static double Rate(Action call, double seconds)
    {
        var probe = Stopwatch.StartNew();
        call();
        var once = Math.Max(probe.Elapsed.TotalSeconds, 1e-7);
        var rounds = Math.Clamp((int)(seconds / once), 1, 5);
        var callsPerRound = Math.Max(1, (int)(seconds / rounds / once));
        var rates = new double[rounds];
        for (var r = 0; r < rounds; r++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < callsPerRound; i++) call();
            rates[r] = callsPerRound / watch.Elapsed.TotalSeconds;
        }
        Array.Sort(rates);
        return rates[rounds / 2];
    }
}
