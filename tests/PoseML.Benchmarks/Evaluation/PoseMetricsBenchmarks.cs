using IDataView = Microsoft.ML.IDataView;
using BenchmarkDotNet.Attributes;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Evaluation;

namespace PoseML.Benchmarks.Evaluation;

/// <summary>Metric throughput on 10,000 random 17-joint frames. Side by side with numpy:
/// <c>/usr/bin/python3 tests/PoseML.Benchmarks/Evaluation/p_mpjpe_numpy.py</c> (VideoPose3D's batched
/// numpy definitions on the same number of frames).</summary>
[MemoryDiagnoser]
public class PoseMetricsBenchmarks
{
    private const int Frames = 10_000;
    private const int Joints = 17;
    private float[] _predicted = [];
    private float[] _target = [];
    private IDataView _predictedView = null!;
    private IDataView _targetView = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _target = new float[Frames * Joints * 3];
        _predicted = new float[_target.Length];
        for (var i = 0; i < _target.Length; i++)
        {
            _target[i] = (float)(rng.NextDouble() * 1000 + (i % 3 == 2 ? 4000 : 0));
            _predicted[i] = _target[i] + (float)(rng.NextDouble() * 100 - 50);
        }
        var subjects = Enumerable.Repeat("S1", Frames).ToArray();
        var actions = Enumerable.Range(0, Frames).Select(i => $"A{i / 1000}").ToArray();
        var cameras = new int[Frames];
        var frames = Enumerable.Range(0, Frames).ToArray();
        _predictedView = View(_predicted, subjects, actions, cameras, frames);
        _targetView = View(_target, subjects, actions, cameras, frames);
    }

    private static IDataView View(float[] poses, string[] s, string[] a, int[] c, int[] f) =>
        new DataViewBuilder().AddText(PoseColumns.Subject, s).AddText(PoseColumns.Action, a)
            .AddInt(PoseColumns.Camera, c).AddInt(PoseColumns.Frame, f).AddFloat(PoseColumns.Pose3D, poses, Joints, 3).Build();

    [Benchmark]
    public double Mpjpe() => PoseMetrics.Mpjpe(_predicted, _target, Joints);

    [Benchmark]
    public double PaMpjpe() => PoseMetrics.PaMpjpe(_predicted, _target, Joints);

    [Benchmark]
    public double NMpjpe() => PoseMetrics.NMpjpe(_predicted, _target, Joints);

    [Benchmark]
    public PoseMetricsReport EvaluateViews() => PoseEvaluation.Evaluate(_predictedView, _targetView);
}
