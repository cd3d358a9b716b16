using BenchmarkDotNet.Attributes;
using PoseML.Nn.Kernels;

namespace PoseML.Benchmarks;

/// <summary>GEMM throughput on the shapes the engine runs: the 1024³ ceiling and the Martinez / group
/// lifter layers (x·Wᵀ as a Linear layer computes it), on 1 and 2 threads. Compare GFLOP/s with
/// <c>shared/refs/perf/gemm.py</c> (OpenBLAS) run in the same sitting; <c>poseml bench gemm</c>
/// measures one shape from the command line.</summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];

    /// <summary>m×k·k×n shape and whether B is stored transposed (a Linear layer's weight).</summary>
    [Params("1024x1024x1024", "1024x1024x1024T", "1024x34x1024T", "1024x1024x51T", "64x1024x1024T", "1x1024x1024T")]
    public string Shape { get; set; } = "1024x1024x1024";

    [Params(1, 2)]
    public int Threads { get; set; }

    private int M, N, K;
    private bool TransB;

    [GlobalSetup]
    public void Setup()
    {
        TransB = Shape.EndsWith('T');
        var dims = Shape.TrimEnd('T').Split('x').Select(int.Parse).ToArray();
        (M, K, N) = (dims[0], dims[1], dims[2]);
        var rng = new Random(0);
        _a = Enumerable.Range(0, M * K).Select(_ => (float)rng.NextDouble()).ToArray();
        _b = Enumerable.Range(0, K * N).Select(_ => (float)rng.NextDouble()).ToArray();
        _c = new float[M * N];
    }

    [Benchmark]
    public void Multiply() =>
        Gemm.Multiply(false, TransB, M, N, K, 1f, _a, K, _b, TransB ? K : N, 0f, _c, N, Threads);
}

/// <summary>The group-lifter layers as one grouped GEMM: 17 groups, hidden width 1024, batch 1024
/// (training/inference throughput) and batch 1 (latency: a matrix-vector product per group that
/// streams the weights once).</summary>
[MemoryDiagnoser]
public class GroupedGemmBenchmarks
{
    private const int Groups = 17, Width = 1024;
    private float[] _x = [], _w = [], _y = [];

    [Params(1, 64, 1024)]
    public int Batch { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(0);
        _x = Enumerable.Range(0, Batch * Groups * Width).Select(_ => (float)rng.NextDouble()).ToArray();
        _w = Enumerable.Range(0, Groups * Width * Width).Select(_ => (float)rng.NextDouble() * 0.01f).ToArray();
        _y = new float[Batch * Groups * Width];
    }

    /// <summary>Y[:, g] = X[:, g]·W[g]ᵀ for the 17 hidden 1024×1024 layers of one residual stage.</summary>
    [Benchmark]
    public void HiddenLayerForward() =>
        Gemm.MultiplyGrouped(Groups, false, true, Batch, Width, Width, 1f, _x, Groups * Width, Width, _w, Width,
            (long)Width * Width, 0f, _y, Groups * Width, Width, Threads);
}
