using BenchmarkDotNet.Attributes;
using PoseML.Nn;
using PoseML.Nn.Losses;
using PoseML.Nn.Networks;
using PoseML.Nn.Optim;

namespace PoseML.Benchmarks;

/// <summary>The lifter workloads of <c>refs/perf/lifter.py</c>: one training step (forward + MSE
/// backward + RMSProp, train mode, dropout 0.5), an eval-mode forward at the batch, and a batch-1 eval
/// forward, for the Martinez lifter (G = 1, 16 joints) and the 17 group lifters (10 joints each).
/// Per-sample figures: divide by <see cref="Batch"/>.</summary>
[MemoryDiagnoser]
public class LifterBenchmarks
{
    private LifterNetwork _net = null!;
    private RMSProp _optimizer = null!;
    private readonly MSELoss _loss = new();
    private Tensor _x = null!, _y = null!, _x1 = null!;

    /// <summary>"martinez" (G = 1, J = 16) or "groups" (G = 17, J = 10).</summary>
    [Params("martinez", "groups")]
    public string Model { get; set; } = "martinez";

    /// <summary>Batch of the training step and of inference.</summary>
    [Params(64, 1024)]
    public int Batch { get; set; }

    /// <summary>Hidden width (1024 in the papers).</summary>
    [Params(1024)]
    public int Width { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (groups, joints) = Model == "groups" ? (17, 10) : (1, 16);
        _net = new LifterNetwork(new LifterNetworkOptions { InputFeatures = 2 * joints, OutputFeatures = 3 * joints, Width = Width, Groups = groups });
        _optimizer = new RMSProp(_net.Parameters(), 1e-3f);
        var random = new Random(1);
        _x = Fill(Tensor.Zeros(Batch, _net.InputSize), random);
        _y = Fill(Tensor.Zeros(Batch, _net.OutputSize), random);
        _x1 = Fill(Tensor.Zeros(1, _net.InputSize), random);
    }

    [Benchmark]
    public void TrainStep()
    {
        _net.Train();
        _optimizer.ZeroGrad();
        _loss.Forward(_net.Forward(_x), _y);
        _net.Backward(_loss.Gradient);
        _optimizer.Step();
    }

    [Benchmark]
    public Tensor Infer()
    {
        _net.Eval();
        return _net.Forward(_x);
    }

    [Benchmark]
    public Tensor LatencyBatch1()
    {
        _net.Eval();
        return _net.Forward(_x1);
    }

    private static Tensor Fill(Tensor t, Random random)
    {
        PoseML.Nn.Init.WeightInit.Normal(t.Span, 0, 1, random);
        return t;
    }
}
