#:package Microsoft.ML.OnnxRuntime
#:project ../../../src/PoseML/PoseML.csproj
// Interleaved A/B timing of our engine against ONNX Runtime on exported lifters: every round runs each
// contender in turn, so load from other jobs hits all of them alike; medians and quartiles over rounds.
// Usage: dotnet run -c Release tests/PoseML.Benchmarks/Interleaved/onnx-ab.cs -- GROUPS WIDTH ROUNDS [THREADS]
//   (THREADS: our GEMM's MaxThreads and ORT's intra-op threads; default: every core)
//   (GROUPS 1: Martinez, 16 joints, ReLU; GROUPS > 1: that many 10-joint LeakyReLU lifters in both graph layouts)
using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using PoseML.Nn;
using PoseML.Nn.Networks;
using PoseML.Onnx;

var groups = int.Parse(args[0]); var width = int.Parse(args[1]); var rounds = int.Parse(args[2]);
var threads = args.Length > 3 ? int.Parse(args[3]) : Environment.ProcessorCount;
var joints = groups == 1 ? 16 : 10;
var net = new LifterNetwork(new LifterNetworkOptions { InputFeatures = 2 * joints, OutputFeatures = 3 * joints, Width = width, Groups = groups,
    Activation = groups == 1 ? LifterActivation.ReLU : LifterActivation.LeakyReLU });
net.Eval();
net.MaxThreads = threads;
foreach (var batch in new[] { 1, 1024 })
{
    var x = new float[batch * net.InputSize];
    PoseML.Nn.Init.WeightInit.Normal(x, 0, 1, new Random(1));
    var t = new Tensor(x, batch, net.InputSize);
    var runs = new List<(string, Action)> { ("native", () => net.Forward(t)) };
    var layouts = groups == 1 ? new[] { OnnxGroupLayout.BatchedMatMul } : new[] { OnnxGroupLayout.BatchedMatMul, OnnxGroupLayout.PerGroupGemm };
    var keep = new List<IDisposable>();
    foreach (var layout in layouts)
    {
        var so = new SessionOptions { IntraOpNumThreads = threads };
        var s = new InferenceSession(OnnxExport.ToOnnxBytes(net, new OnnxExportOptions { GroupLayout = layout }), so);
        var xv = OrtValue.CreateTensorValueFromMemory(x, [batch, net.InputSize]);
        var yv = OrtValue.CreateTensorValueFromMemory(new float[batch * net.OutputSize], [batch, net.OutputSize]);
        var b = s.CreateIoBinding(); b.BindInput("input", xv); b.BindOutput("output", yv);
        var ro = new RunOptions();
        keep.AddRange([s, xv, yv, b, ro]);
        runs.Add(($"ort-{layout}", () => s.RunWithBinding(ro, b)));
    }
    var reps = batch == 1 ? 200 : 2;
    foreach (var (_, a) in runs) for (var i = 0; i < reps; i++) a();
    var times = runs.ToDictionary(r => r.Item1, _ => new List<double>());
    for (var r = 0; r < rounds; r++)
        foreach (var (name, a) in runs)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < reps; i++) a();
            times[name].Add(sw.Elapsed.TotalMilliseconds * 1000 / reps);
        }
    foreach (var (name, list) in times)
    {
        list.Sort();
        Console.WriteLine($"G={groups} W={width} threads={threads} batch={batch} {name,-22} median {list[list.Count / 2],10:F1} us/call  ({batch * 1e6 / list[list.Count / 2],10:F0} samples/s)  q1 {list[list.Count / 4]:F1} q3 {list[3 * list.Count / 4]:F1}");
    }
    keep.ForEach(d => d.Dispose());
}
