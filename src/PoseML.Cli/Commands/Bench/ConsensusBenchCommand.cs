using PoseML.Data;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PoseML.Stages.Consensus;
using PoseML.Stages.JointGrouping;

namespace PoseML.Cli.Commands.Bench;

/// <summary><c>poseml bench consensus</c>: frames/s of the batched l2,1 consensus on the problem of
/// <c>refs/perf/consensus.py</c> (n = 17, 17 kinematic-neighbourhood groups of 10, 10 mm noise, 20 % of
/// groups corrupted by 300 mm outliers, 500 mm group translations, data in metres, tol 1e-6, calls of
/// 1,000 frames), plus iterations and the outlier-robustness MPJPE, printed as JSON.</summary>
internal static class ConsensusBenchCommand
{
    internal static Command Create()
    {
        var frames = new Option<int>("--frames") { Description = "Frames in the timed set", DefaultValueFactory = _ => 10000 };
        var chunk = new Option<int>("--chunk") { Description = "Frames per Solve call", DefaultValueFactory = _ => 1000 };
        var repeats = new Option<int>("--repeats") { Description = "Timed repetitions", DefaultValueFactory = _ => 3 };
        var tol = new Option<double>("--tol") { Description = "Relative tolerance", DefaultValueFactory = _ => 1e-6 };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores)", DefaultValueFactory = _ => 0 };
        var groupSize = new Option<int>("--n-g") { Description = "Joints per group", DefaultValueFactory = _ => 10 };
        var noRefill = new Option<bool>("--no-refill") { Description = "Run each 16-frame tile until all its frames stop (instead of refilling lanes)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic data", DefaultValueFactory = _ => 1 };
        var command = new Command("consensus", "Benchmark the batched l2,1 consensus solver (frames/s, iterations, MPJPE) as JSON")
        {
            frames, chunk, repeats, tol, threads, groupSize, noRefill, seed,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var n = parse.GetValue(frames);
            var c = Math.Min(parse.GetValue(chunk), n);
            var groups = JointGroupSampler.KinematicNeighbourhoods(Skeletons.Human36M17, parse.GetValue(groupSize));
            var problem = ConsensusSynthetic.Make(groups, n, parse.GetValue(seed), scale: 1);  // metres, like the reference
            var options = new ConsensusOptions { Tolerance = parse.GetValue(tol), MaxThreads = parse.GetValue(threads) };
            var solver = new ConsensusSolver(groups, options) { RefillLanes = !parse.GetValue(noRefill) };
            var poses = new float[n * 51];
            var info = new ConsensusFrameInfo[n];
            var rowFloats = groups.RowCount * 3;
            void RunAll()
            {
                for (var s = 0; s < n; s += c)
                {
                    var m = Math.Min(c, n - s);
                    solver.Solve(problem.Estimates.AsSpan(s * rowFloats, m * rowFloats), [], poses.AsSpan(s * 51, m * 51), [], info.AsSpan(s, m));
                }
            }
            RunAll(); // warm-up (JIT, pattern cache)
            var rates = new List<double>();
            var cpuRates = new List<double>();
            var process = Process.GetCurrentProcess();
            for (var r = 0; r < parse.GetValue(repeats); r++)
            {
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                RunAll();
                rates.Add(n / sw.Elapsed.TotalSeconds);
                process.Refresh();
                cpuRates.Add(n / (process.TotalProcessorTime - cpu0).TotalSeconds);
            }
            var lsq = new float[n * 51];
            new ConsensusSolver(groups, options with { Solver = ConsensusSolverKind.LeastSquares }).Solve(problem.Estimates, [], lsq);
            double[] Errors(float[] p) => [.. Enumerable.Range(0, n).Select(f => 1000 * ConsensusSynthetic.Mpjpe(p.AsSpan(f * 51, 51), problem.Truth.AsSpan(f * 51, 51)))];
            var its = info.Select(i => (double)i.Iterations).OrderBy(v => v).ToArray();
            var l21Errors = Errors(poses).OrderBy(v => v).ToArray();
            var lsqErrors = Errors(lsq).OrderBy(v => v).ToArray();
            double Pct(double[] sorted, double q) => sorted[(int)Math.Min(sorted.Length - 1, Math.Round(q * (sorted.Length - 1)))];
            rates.Sort();
            cpuRates.Sort();
            var result = new Dictionary<string, object>
            {
                ["problem"] = $"n=17, {groups.GroupCount} groups of {parse.GetValue(groupSize)} (kinematic neighbourhoods), 10 mm noise, 20% groups corrupted (300 mm), metres",
                ["frames"] = n,
                ["chunk"] = c,
                ["tol"] = options.Tolerance,
                ["threads"] = options.MaxThreads <= 0 ? Environment.ProcessorCount : options.MaxThreads,
                ["refill_lanes"] = solver.RefillLanes,
                ["frames_per_s"] = new { median = rates[rates.Count / 2], min = rates[0], max = rates[^1] },
                ["frames_per_cpu_s"] = new { median = cpuRates[cpuRates.Count / 2], min = cpuRates[0], max = cpuRates[^1] },
                ["iterations"] = new { mean = its.Average(), median = Pct(its, 0.5), p99 = Pct(its, 0.99), max = its[^1] },
                ["unconverged_frames"] = info.Count(i => !i.Converged),
                ["mpjpe_mm_l21"] = new { median = Pct(l21Errors, 0.5), p95 = Pct(l21Errors, 0.95) },
                ["mpjpe_mm_least_squares"] = new { median = Pct(lsqErrors, 0.5), p95 = Pct(lsqErrors, 0.95) },
            };
            output.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        });
        return command;
    }
}
