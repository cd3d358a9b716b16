using BenchmarkDotNet.Attributes;
using PoseML.Data.Formats;
using PoseML.Data.View;
using PoseML.Stages.RarePose;

namespace PoseML.Benchmarks;

/// <summary>Rare-pose scoring at the scale: 100,000 query poses against a reference set of 1,000,000 poses
/// (17 joints), fast mode, target under 10 s on 2 cores including the fit; exact mode on a 100-query subsample as the
/// reference (its cost is linear in the queries). Poses are the shipped CMU sample (about 24,000 real poses), each
/// copy turned about the vertical axis by a random angle and jittered by 10 mm, so the clouds look like a large real set.
/// Run: <c>dotnet run -c Release --project tests/PoseML.Benchmarks -- --filter '*RarityBenchmarks*'</c>.
/// The setup prints fast-vs-exact errors on the subsample.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class RarityBenchmarks
{
    private const int Joints = 17;
    private const int ReferenceCount = 1_000_000;
    private const int QueryCount = 100_000;
    private const int ExactQueries = 100;
    private float[] _reference = [];
    private float[] _queries = [];
    private float[] _exactQueries = [];
    private OccurrenceScorer _fast = null!;
    private OccurrenceScorer _exact = null!;

    [GlobalSetup]
    public void Setup()
    {
        var cmu = LoadCmu();
        _reference = Augment(cmu, ReferenceCount, seed: 1);
        _queries = Augment(cmu, QueryCount, seed: 2);
        _exactQueries = _queries.AsSpan(0, ExactQueries * Joints * 3).ToArray();
        _fast = OccurrenceScorer.Fit(_reference, Joints, new RarePoseOptions { Mode = OccurrenceMode.Fast });
        _exact = OccurrenceScorer.Fit(_reference, Joints, new RarePoseOptions { Mode = OccurrenceMode.Exact });
        var f = _fast.Score(_exactQueries);
        var e = _exact.Score(_exactQueries);
        var errors = f.Zip(e, (a, b) => Math.Abs(a - b)).ToArray();
        Console.WriteLine($"// fast vs exact on {ExactQueries} queries against {ReferenceCount:N0} poses: max |error| {errors.Max():G3}, " +
            $"mean {errors.Average():G3}, bound {_fast.ErrorBound:G3}; occurrence range {e.Min():F4}..{e.Max():F4}; " +
            $"grid nodes/joint ≤ {RarePoseDefaults.MaximumGridNodesPerJoint:N0}");
    }

    private static float[] LoadCmu()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "PoseML.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("no PoseML.sln above the benchmark");
        var all = new List<float>();
        foreach (var file in Directory.GetFiles(Path.Combine(dir, "datasets", "cmu", "poses"), "*.csv").Order(StringComparer.Ordinal))
            all.AddRange(PoseCsv.Read(file).ReadFloats("Pose3D"));
        return all.ToArray();
    }

    /// <summary>Root-relative copies of random CMU poses, each turned about y by a random angle and jittered.</summary>
    private static float[] Augment(float[] cmu, int count, int seed)
    {
        var rng = new Random(seed);
        var frames = cmu.Length / (Joints * 3);
        var result = new float[count * Joints * 3];
        for (var n = 0; n < count; n++)
        {
            var src = cmu.AsSpan(rng.Next(frames) * Joints * 3, Joints * 3);
            var angle = rng.NextDouble() * 2 * Math.PI;
            float c = (float)Math.Cos(angle), s = (float)Math.Sin(angle);
            for (var j = 0; j < Joints; j++)
            {
                float x = src[j * 3] - src[0], y = src[j * 3 + 1] - src[1], z = src[j * 3 + 2] - src[2];
                var o = (n * Joints + j) * 3;
                result[o] = c * x + s * z + (float)(rng.NextDouble() - 0.5) * 20;
                result[o + 1] = y + (float)(rng.NextDouble() - 0.5) * 20;
                result[o + 2] = -s * x + c * z + (float)(rng.NextDouble() - 0.5) * 20;
            }
        }
        return result;
    }

    /// <summary>The target: fit on 1M reference poses and score 100k queries.</summary>
    [Benchmark]
    public float[] FastFitAndScore() => OccurrenceScorer.Fit(_reference, Joints).Score(_queries);

    /// <summary>Scoring 100k queries with a fitted fast scorer.</summary>
    [Benchmark]
    public float[] FastScoreOnly() => _fast.Score(_queries);

    /// <summary>The definition: 100 queries against 1M poses (1.7 billion kernel evaluations).</summary>
    [Benchmark]
    public float[] ExactScore100() => _exact.Score(_exactQueries);
}
