using PoseML.Data;
using BenchmarkDotNet.Attributes;
using PoseML.Stages.Consensus;
using PoseML.Stages.JointGrouping;

namespace PoseML.Benchmarks;

/// <summary>The batched consensus on the problem of <c>refs/perf/consensus.py</c> (n = 17, 17 groups of
/// 10, 20 % corrupted groups, metres, tol 1e-6), 1,000 frames per call. Frames/s = 1000 / mean time.
/// Compare with <c>./blas.sh openblas /usr/bin/python3 consensus.py --threads 2</c> run in the same sitting.</summary>
[MemoryDiagnoser]
public class ConsensusBenchmarks
{
    private const int Frames = 1000;
    private ConsensusSolver _solver = null!;
    private float[] _estimates = [];
    private float[] _poses = [];
    private ConsensusFrameInfo[] _info = [];

    /// <summary>Solver kind.</summary>
    [Params(ConsensusSolverKind.L21, ConsensusSolverKind.LeastSquares)]
    public ConsensusSolverKind Solver { get; set; }

    /// <summary>Refill converged lanes (true) or wait for whole tiles (false).</summary>
    [Params(true, false)]
    public bool Refill { get; set; }

    /// <summary>Worker threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var groups = JointGroupSampler.KinematicNeighbourhoods(Skeletons.Human36M17, 10);
        _estimates = ConsensusSynthetic.Make(groups, Frames, seed: 1, scale: 1).Estimates;
        _poses = new float[Frames * 51];
        _info = new ConsensusFrameInfo[Frames];
        _solver = new ConsensusSolver(groups, new ConsensusOptions { Solver = Solver, MaxThreads = Threads }) { RefillLanes = Refill };
    }

    [Benchmark]
    public ConsensusBatchSummary Solve1000Frames() => _solver.Solve(_estimates, [], _poses, [], _info);
}
