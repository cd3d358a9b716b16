using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using PoseML.Nn;
using PoseML.Nn.Networks;
using PoseML.Onnx;

namespace PoseML.Benchmarks;

/// <summary>Evaluation-mode inference of an exported lifter in ONNX Runtime against our engine's forward pass,
/// both on every core, with preallocated inputs and outputs (ORT through an I/O binding). Per-sample figures:
/// divide by <see cref="Batch"/>. Run: <c>dotnet run -c Release --project tests/PoseML.Benchmarks -- --filter '*Onnx*'</c>.</summary>
public abstract class OnnxBenchmarkBase
{
    private InferenceSession? _session;
    private OrtIoBinding? _binding;
    private RunOptions? _runOptions;
    private OrtValue? _xValue, _yValue;
    private Tensor _x = null!;

    protected LifterNetwork Network { get; private set; } = null!;

    /// <summary>Rows per call.</summary>
    [Params(1, 1024)]
    public int Batch { get; set; }

    protected void Setup(LifterNetworkOptions options, OnnxGroupLayout layout)
    {
        Network = new LifterNetwork(options);
        Network.Eval();
        var random = new Random(1);
        var x = new float[Batch * Network.InputSize];
        PoseML.Nn.Init.WeightInit.Normal(x, 0, 1, random);
        _x = new Tensor(x, Batch, Network.InputSize);
        var so = new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _session = new InferenceSession(OnnxExport.ToOnnxBytes(Network, new OnnxExportOptions { GroupLayout = layout }), so);
        _runOptions = new RunOptions();
        _xValue = OrtValue.CreateTensorValueFromMemory(x, [Batch, Network.InputSize]);
        _yValue = OrtValue.CreateTensorValueFromMemory(new float[Batch * Network.OutputSize], [Batch, Network.OutputSize]);
        _binding = _session.CreateIoBinding();
        _binding.BindInput("input", _xValue);
        _binding.BindOutput("output", _yValue);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _binding?.Dispose();
        _xValue?.Dispose();
        _yValue?.Dispose();
        _runOptions?.Dispose();
        _session?.Dispose();
    }

    /// <summary>Our engine's eval forward.</summary>
    [Benchmark(Baseline = true)]
    public Tensor Native() => Network.Forward(_x);

    /// <summary>The exported graph in ONNX Runtime.</summary>
    [Benchmark]
    public void Ort() => _session!.RunWithBinding(_runOptions!, _binding!);
}

/// <summary>The Martinez lifter (G = 1, 16 joints in, 16 out, 2 residual blocks, ReLU) at width 256 and 1024.</summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class OnnxMartinezBenchmarks : OnnxBenchmarkBase
{
    /// <summary>Hidden width.</summary>
    [Params(256, 1024)]
    public int Width { get; set; }

    [GlobalSetup]
    public void Setup() => Setup(new LifterNetworkOptions
    {
        InputFeatures = 32, OutputFeatures = 48, Width = Width, Activation = LifterActivation.ReLU,
    }, OnnxGroupLayout.BatchedMatMul);
}

/// <summary>The 17 DPCN group lifters (10 joints each, width 256, LeakyReLU) in both ONNX layouts of grouped layers.</summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class OnnxGroupLayoutBenchmarks : OnnxBenchmarkBase
{
    /// <summary>The grouped-layer layout of the exported graph.</summary>
    [Params(OnnxGroupLayout.BatchedMatMul, OnnxGroupLayout.PerGroupGemm)]
    public OnnxGroupLayout Layout { get; set; }

    [GlobalSetup]
    public void Setup() => Setup(new LifterNetworkOptions { InputFeatures = 20, OutputFeatures = 30, Width = 256, Groups = 17 }, Layout);
}
