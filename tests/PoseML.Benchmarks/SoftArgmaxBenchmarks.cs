using BenchmarkDotNet.Attributes;
using PoseML.Stages.DomainConversion;

namespace PoseML.Benchmarks;

/// <summary>Soft-argmax over a batch of 64 samples × 17 joints of 64×64 heatmaps (1,088 maps per call), as in
/// <c>shared/refs/perf/softargmax.py</c> (PyTorch, softmax with β = 1, same random maps: N(0, 3²)). Side by side:
/// <c>cd shared/refs/perf &amp;&amp; ./blas.sh openblas /usr/bin/python3 softargmax.py --threads 2</c>, then
/// <c>dotnet run -c Release --project tests/PoseML.Benchmarks -- --filter '*SoftArgmaxBenchmarks*'</c>;
/// maps/s = 1,088 / mean time. Compare the Softmax rows with PyTorch (same normalisation); the Sum rows are the
/// paper's normalisation (PoseML's default).</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SoftArgmaxBenchmarks
{
    private const int Batch = 64;
    private const int Joints = 17;
    private const int Size = 64;
    private float[] _heatmaps = [];
    private float[] _positive = [];
    private readonly float[] _coordinates = new float[Batch * Joints * 2];
    private float[] _upstream = [];
    private float[] _gradient = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(0);
        _heatmaps = new float[Batch * Joints * Size * Size];
        for (var i = 0; i < _heatmaps.Length; i++)
            _heatmaps[i] = (float)(3 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        _positive = _heatmaps.Select(v => 1 / (1 + MathF.Exp(-v))).ToArray(); // sigmoid outputs, as the estimator gives
        _upstream = new float[_coordinates.Length];
        for (var i = 0; i < _upstream.Length; i++) _upstream[i] = (float)(rng.NextDouble() * 2 - 1);
        _gradient = new float[_heatmaps.Length];
    }

    [Benchmark(Description = "softmax fwd")]
    public void SoftmaxForward() => SoftArgmax.Forward(_heatmaps, Size, Size, _coordinates, HeatmapNormalization.Softmax);

    [Benchmark(Description = "softmax fwd+bwd")]
    public void SoftmaxForwardBackward()
    {
        SoftArgmax.Forward(_heatmaps, Size, Size, _coordinates, HeatmapNormalization.Softmax);
        SoftArgmax.Backward(_heatmaps, Size, Size, _upstream, _gradient, HeatmapNormalization.Softmax);
    }

    [Benchmark(Description = "sum fwd")]
    public void SumForward() => SoftArgmax.Forward(_positive, Size, Size, _coordinates);

    [Benchmark(Description = "sum fwd+bwd")]
    public void SumForwardBackward()
    {
        SoftArgmax.Forward(_positive, Size, Size, _coordinates);
        SoftArgmax.Backward(_positive, Size, Size, _upstream, _gradient);
    }

    [Benchmark(Description = "argmax")]
    public void Argmax() => HeatmapArgmax.Forward(_positive, Size, Size, _coordinates);
}
