using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PoseML.Core;
using PoseML.Nn.Kernels;

namespace PoseML.Cli.Commands.Bench;

/// <summary><c>poseml bench gemm</c>: GFLOP/s of <see cref="Gemm.Multiply"/> for one shape, the median
/// over repeats after a warm-up (each repeat times enough calls to last ≥ 0.2 s).</summary>
internal static class GemmBenchCommand
{
    internal static Command Create()
    {
        var m = new Option<int>("--m") { Description = "Rows of op(A) and C", DefaultValueFactory = _ => 1024 };
        var n = new Option<int>("--n") { Description = "Columns of op(B) and C", DefaultValueFactory = _ => 1024 };
        var k = new Option<int>("--k") { Description = "Inner dimension", DefaultValueFactory = _ => 1024 };
        var groups = new Option<int>("--groups") { Description = "Independent products per call (grouped GEMM, group-lifter layout when --trans-b)", DefaultValueFactory = _ => 1 };
        var transA = new Option<bool>("--trans-a") { Description = "Use Aᵀ (A stored k×m)" };
        var transB = new Option<bool>("--trans-b") { Description = "Use Bᵀ (B stored n×k, as a Linear layer's weight)" };
        var threads = new Option<int>("--threads") { Description = "Threads (0 = every core)", DefaultValueFactory = _ => 0 };
        var repeat = new Option<int>("--repeat") { Description = "Timed repeats; the median is reported", DefaultValueFactory = _ => 7 };
        var format = new Option<string>("--format") { Description = "Output format: json or table", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("json", "table");
        var command = new Command("gemm", "GFLOP/s of the single-precision GEMM kernel: C = A·B on m×k and k×n matrices")
        {
            m, n, k, groups, transA, transB, threads, repeat, format,
        };
        command.SetAction(parse =>
        {
            var result = Measure(parse.GetValue(m), parse.GetValue(n), parse.GetValue(k), parse.GetValue(groups),
                parse.GetValue(transA), parse.GetValue(transB), parse.GetValue(threads), parse.GetValue(repeat));
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(format) == "json") output.WriteLine(JsonSerializer.Serialize(result));
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"gemm {result.groups}×({result.m}×{result.k}·{result.k}×{result.n}) transA={result.transA} transB={result.transB} threads={result.threads} kernel={result.kernel}"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"median {result.gflops:F1} GFLOP/s  [{result.gflopsMin:F1}, {result.gflopsMax:F1}]  {result.seconds * 1e3:F3} ms/call  ({result.repeat} repeats × {result.callsPerRepeat} calls)"));
            }
            return 0;
        });
        return command;
    }

    /// <summary>JSON shape of one measurement (lower-case names, as the reference scripts write).</summary>
    internal sealed record Result(int m, int n, int k, int groups, bool transA, bool transB, int threads, string kernel,
        int repeat, int callsPerRepeat, double seconds, double gflops, double gflopsMin, double gflopsMax);

    internal static Result Measure(int m, int n, int k, int groups, bool transA, bool transB, int threads, int repeat)
    {
        if (m < 1 || n < 1 || k < 1) throw new InvalidOptionException("--m/--n/--k", $"dimensions must be ≥ 1, got {m}, {n}, {k}");
        if (groups < 1) throw new InvalidOptionException("--groups", $"must be ≥ 1, got {groups}");
        if (repeat < 1) throw new InvalidOptionException("--repeat", $"must be ≥ 1, got {repeat}");
        if (threads < 0) throw new InvalidOptionException("--threads", $"must be ≥ 0 (0 = every core), got {threads}");
        var effectiveThreads = threads == 0 ? Environment.ProcessorCount : Math.Min(threads, Environment.ProcessorCount);
        // Group-lifter layout: A [m, G·k] (or Aᵀ [k, G·m]), B [G, …], C [m, G·n].
        var lda = transA ? groups * m : groups * k;
        var ldb = transB ? k : n;
        var ldc = groups * n;
        var rng = new Random(0);
        var a = Random(rng, (long)(transA ? k : m) * lda);
        var b = Random(rng, (long)groups * k * n);
        var c = new float[(long)m * ldc];
        long strideA = transA ? m : k, strideB = (long)k * n, strideC = n;
        void Call() => Gemm.MultiplyGrouped(groups, transA, transB, m, n, k, 1f, a, lda, strideA, b, ldb, strideB, 0f, c, ldc, strideC, threads);

        Call();
        var warm = Stopwatch.StartNew();
        var calls = 0;
        while (warm.Elapsed.TotalSeconds < 0.2 || calls < 2) { Call(); calls++; }
        var perRepeat = Math.Max(1, (int)(calls * (0.2 / warm.Elapsed.TotalSeconds)));
        var times = new double[repeat];
        for (var r = 0; r < repeat; r++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < perRepeat; i++) Call();
            times[r] = sw.Elapsed.TotalSeconds / perRepeat;
        }
        Array.Sort(times);
        var median = repeat % 2 == 1 ? times[repeat / 2] : 0.5 * (times[repeat / 2 - 1] + times[repeat / 2]);
        var flop = 2.0 * groups * m * n * k;
        return new Result(m, n, k, groups, transA, transB, effectiveThreads, Gemm.KernelName, repeat, perRepeat,
            median, flop / median / 1e9, flop / times[^1] / 1e9, flop / times[0] / 1e9);
    }

    private static float[] Random(Random rng, long length)
    {
        var data = new float[length];
        for (var i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 2 - 1);
        return data;
    }
}
