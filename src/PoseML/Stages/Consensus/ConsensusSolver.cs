using PoseML.Core;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.Consensus;

/// <summary>The consensus step of Deep Pose Consensus Networks (§5, Eq. 7–11): fuses the partial 3D
/// poses of overlapping joint groups, each known only up to its own translation, into one pose.</summary>
/// <remarks>
/// <para>Unknowns G = [X; t] ((n + n_t) × 3), A = [E  −(I⊗1)] (Σ n_g rows), F the stacked group
/// estimates ([rows, 3], group by group in <see cref="JointGroups"/> order). <see cref="ConsensusSolverKind.L21"/>
/// minimises ‖AG − F‖₂,₁ by scaled ADMM: G ← A⁺(F + N − U), N ← rowshrink(AG − F + U, 1/μ),
/// U ← U + AG − F − N, warm-started at the least-squares G (N = its residual, U = 0), with
/// μ = <see cref="ConsensusOptions.MuScale"/> / median row norm of that residual unless fixed. It stops
/// when ‖AG − F − N‖ ≤ tol·max(‖AG‖, ‖N‖, ‖F‖) and ‖A'ᵀ(N − N_prev)‖ ≤ tol·‖U‖ (Boyd et al. 2011 §3.3 with
/// the dual scale ‖Λ‖ = μ‖U‖, as in <c>refs/perf/consensus.py</c>: the textbook ‖A'ᵀΛ‖ tends to zero
/// at the optimum here), tested every <see cref="ConsensusOptions.CheckEvery"/> iterations, plus an
/// absolute floor of 1e-12·‖F‖ so noise-free frames stop.</para>
/// <para>Gauge: A has a translation null space; the root joint is pinned (its column of A dropped), so
/// poses come out root-relative (see <see cref="ConsensusGauge"/>). The residuals, and so the iterations,
/// do not depend on the gauge.</para>
/// <para>Batching: A⁺ depends only on which rows are visible, so it is built once per visibility
/// pattern and cached (see <see cref="PatternCacheHits"/>), in a factored form that eliminates t
/// analytically. Frames of one pattern run together, four per SIMD vector, in double precision (the
/// 1e-6 tolerance is below what float32 residuals can resolve). Each frame keeps its own μ and stops at
/// its own iteration; converged frames are replaced by pending ones, and no arithmetic mixes frames,
/// so a frame's output is bit-identical whatever else is in the batch and however many threads run.</para>
/// <para>Missing data: a stacked row is used when its confidence exceeds
/// <see cref="ConsensusOptions.MinConfidence"/> and its three values are finite. A group with fewer than
/// two usable rows drops out; a joint no remaining group places relative to the root is reported missing
/// (NaN pose, flag set), never invented.</para>
/// <para>A solver instance reuses its workspaces and is not safe for concurrent calls; use one per thread.</para>
/// </remarks>
public sealed unsafe class ConsensusSolver
{
    private const int LanesPerWorker = 16;
    private static readonly double[] NoSlots = new double[3];
    private readonly ConsensusJob _job = new();
    private readonly Dictionary<ulong, ConsensusPattern> _cache = [];
    private readonly List<ConsensusPattern> _patterns = [];
    private readonly ConsensusWorker[] _workers;
    private readonly ConsensusWorker _traceWorker;
    private readonly int _maskWords;
    private readonly ulong[] _maskScratch;
    private int[] _framePattern = [];
    private ConsensusFrameInfo[] _infoScratch = [];
    private int[] _patternCounts = [];
    private int[] _patternStarts = [];
    private ConsensusPattern? _current;
    private readonly Action<int> _runWorker;

    /// <summary>Creates a solver for <paramref name="groups"/>.</summary>
    /// <exception cref="InvalidOptionException">An option out of range.</exception>
    public ConsensusSolver(JointGroups groups, ConsensusOptions? options = null)
    {
        Groups = groups ?? throw new ArgumentNullException(nameof(groups));
        Options = options ?? new ConsensusOptions();
        Validate(Options, groups);
        var threads = Options.MaxThreads > 0 ? Options.MaxThreads : Environment.ProcessorCount;
        _workers = new ConsensusWorker[Math.Max(1, threads)];
        for (var w = 0; w < _workers.Length; w++)
            _workers[w] = new ConsensusWorker(LanesPerWorker, groups.RowCount, groups.GroupCount, groups.JointCount);
        _traceWorker = new ConsensusWorker(4, groups.RowCount, groups.GroupCount, groups.JointCount);
        _maskWords = (groups.RowCount + 63) / 64;
        _maskScratch = new ulong[_maskWords];
        _job.Options = Options;
        _job.JointCount = groups.JointCount;
        _job.RowCount = groups.RowCount;
        _runWorker = RunWorker;
    }

    /// <summary>The joint groups whose estimates this solver fuses.</summary>
    public JointGroups Groups { get; }

    /// <summary>The options in effect.</summary>
    public ConsensusOptions Options { get; }

    /// <summary>Frames whose visibility pattern was already cached (A⁺ reused).</summary>
    public long PatternCacheHits { get; private set; }

    /// <summary>Frames whose visibility pattern had to be factored (first sight of a pattern).</summary>
    public long PatternCacheMisses { get; private set; }

    /// <summary>Distinct visibility patterns cached so far.</summary>
    public int CachedPatternCount => _patterns.Count;

    /// <summary>When false, a tile of frames runs until all its frames stop before new frames enter
    /// (same results, more wasted lanes). Default true; exposed for benchmarks. Measured on the reference
    /// problem (1 thread, 2,000 frames): refilling 7,300 frames per CPU-second, whole tiles 5,400.</summary>
    public bool RefillLanes { get => _job.RefillLanes; set => _job.RefillLanes = value; }

    /// <summary>Solves a batch. <paramref name="estimates"/> is [frames, rows, 3] (rows =
    /// <see cref="JointGroups.RowCount"/>, group by group), <paramref name="rowConfidence"/> is empty
    /// (all rows used) or [frames, rows]; writes <paramref name="poses"/> [frames, n, 3] (NaN for missing
    /// joints) and, when not empty, <paramref name="missing"/> [frames, n] and <paramref name="info"/> [frames].</summary>
    /// <exception cref="InvalidOptionException">Span lengths that do not match the groups.</exception>
    public ConsensusBatchSummary Solve(ReadOnlySpan<float> estimates, ReadOnlySpan<float> rowConfidence, Span<float> poses,
        Span<bool> missing = default, Span<ConsensusFrameInfo> info = default)
    {
        int rows = Groups.RowCount, n = Groups.JointCount;
        if (estimates.Length % (rows * 3) != 0)
            throw new InvalidOptionException("estimates", $"expected [frames, {rows}, 3] floats, found {estimates.Length} values");
        var frames = estimates.Length / (rows * 3);
        if (!rowConfidence.IsEmpty && rowConfidence.Length != frames * rows)
            throw new InvalidOptionException("confidence", $"expected [{frames}, {rows}] values (one per stacked row), found {rowConfidence.Length}");
        if (poses.Length != frames * n * 3)
            throw new InvalidOptionException("poses", $"expected [{frames}, {n}, 3] = {frames * n * 3} floats, found {poses.Length}");
        if (!missing.IsEmpty && missing.Length != frames * n)
            throw new InvalidOptionException("missing", $"expected [{frames}, {n}] flags, found {missing.Length}");
        var ownInfo = info.IsEmpty;
        if (!ownInfo && info.Length != frames)
            throw new InvalidOptionException("info", $"expected {frames} entries, found {info.Length}");
        if (frames == 0) return default;

        AssignPatterns(estimates, rowConfidence, frames);
        if (ownInfo && _infoScratch.Length < frames) _infoScratch = new ConsensusFrameInfo[frames];
        var infoSpan = ownInfo ? _infoScratch.AsSpan(0, frames) : info;
        fixed (float* e = estimates, p = poses)
        fixed (bool* m = missing)
        fixed (ConsensusFrameInfo* inf = infoSpan)
        {
            _job.EstimatesPtr = e; _job.PosesPtr = p; _job.MissingPtr = m; _job.InfoPtr = inf;
            try
            {
                for (var k = 0; k < _patterns.Count; k++)
                {
                    if (_patternCounts[k] == 0) continue;
                    RunPattern(_patterns[k], _patternStarts[k], _patternStarts[k] + _patternCounts[k]);
                }
            }
            finally
            {
                _job.EstimatesPtr = null; _job.PosesPtr = null; _job.MissingPtr = null; _job.InfoPtr = null;
            }
        }
        int unconverged = 0, withMissing = 0;
        long total = 0;
        foreach (var fi in infoSpan)
        {
            if (!fi.Converged) unconverged++;
            if (fi.MissingJoints > 0) withMissing++;
            total += fi.Iterations;
        }
        return new ConsensusBatchSummary(frames, unconverged, total, withMissing);
    }

    /// <summary>Solves one frame ([rows, 3] estimates, optional [rows] confidence) and reports every
    /// iterate (objective, residuals, μ) to <paramref name="onIteration"/>, starting with the
    /// least-squares warm start as iteration 0. Same algorithm and result as <see cref="Solve"/>.</summary>
    public ConsensusFrameInfo SolveTraced(ReadOnlySpan<float> estimates, ReadOnlySpan<float> rowConfidence, Span<float> pose, Action<ConsensusIteration> onIteration)
    {
        ArgumentNullException.ThrowIfNull(onIteration);
        if (estimates.Length != Groups.RowCount * 3)
            throw new InvalidOptionException("estimates", $"expected one frame of [{Groups.RowCount}, 3] floats, found {estimates.Length}");
        if (pose.Length != Groups.JointCount * 3)
            throw new InvalidOptionException("pose", $"expected [{Groups.JointCount}, 3] floats, found {pose.Length}");
        if (!rowConfidence.IsEmpty && rowConfidence.Length != Groups.RowCount)
            throw new InvalidOptionException("confidence", $"expected {Groups.RowCount} values, found {rowConfidence.Length}");
        AssignPatterns(estimates, rowConfidence, 1);
        var pattern = _patterns[_framePattern[0]];
        ConsensusFrameInfo result = default;
        fixed (float* e = estimates, p = pose)
        {
            _job.EstimatesPtr = e; _job.PosesPtr = p; _job.MissingPtr = null; _job.InfoPtr = &result;
            try
            {
                _job.Order[0] = 0;
                _job.SetSegment(0, 1);
                if (Options.Solver == ConsensusSolverKind.LeastSquares || pattern.Anchor < 0) RunPattern(pattern, 0, 1);
                else _traceWorker.RunTraced(_job, pattern, onIteration);
            }
            finally
            {
                _job.EstimatesPtr = null; _job.PosesPtr = null; _job.InfoPtr = null;
            }
        }
        return result;
    }

    /// <summary>Expands per-joint confidences [frames, n] to per-row confidences [frames, rows]: each
    /// group's row for joint i gets joint i's confidence.</summary>
    public static void ExpandJointConfidence(JointGroups groups, ReadOnlySpan<float> jointConfidence, Span<float> rowConfidence)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (jointConfidence.Length % groups.JointCount != 0)
            throw new InvalidOptionException("confidence", $"expected [frames, {groups.JointCount}] values, found {jointConfidence.Length}");
        var frames = jointConfidence.Length / groups.JointCount;
        if (rowConfidence.Length != frames * groups.RowCount)
            throw new InvalidOptionException("rowConfidence", $"expected [{frames}, {groups.RowCount}] values, found {rowConfidence.Length}");
        for (var f = 0; f < frames; f++)
        {
            var row = f * groups.RowCount;
            foreach (var g in groups.Groups)
                foreach (var i in g) rowConfidence[row++] = jointConfidence[f * groups.JointCount + i];
        }
    }

    private void RunPattern(ConsensusPattern pattern, int start, int end)
    {
        _job.SetSegment(start, end);
        if (pattern.Anchor < 0)
        {
            // Nothing determined: every joint missing.
            while (_job.TryTake(out var frame))
                _job.WritePose(pattern, frame, NoSlots, 1, 0, new ConsensusFrameInfo(0, true, 0, pattern.MissingCount));
            return;
        }
        _current = pattern;
        var count = end - start;
        var workers = Math.Min(_workers.Length, Math.Max(1, count / LanesPerWorker));
        if (Options.Solver == ConsensusSolverKind.LeastSquares) workers = 1;
        if (workers == 1) RunWorker(0);
        else Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _runWorker);
        _current = null;
    }

    private void RunWorker(int w)
    {
        if (Options.Solver == ConsensusSolverKind.LeastSquares) _workers[w].RunLeastSquares(_job, _current!);
        else _workers[w].Run(_job, _current!);
    }

    /// <summary>Computes each frame's visibility mask, looks its pattern up (factoring new ones), and
    /// orders the frames pattern by pattern (counting sort) into the job's order buffer.</summary>
    private void AssignPatterns(ReadOnlySpan<float> estimates, ReadOnlySpan<float> rowConfidence, int frames)
    {
        int rows = Groups.RowCount;
        if (_framePattern.Length < frames) { _framePattern = new int[frames]; _job.Order = new int[frames]; }
        var mask = _maskScratch.AsSpan();
        var threshold = Options.MinConfidence;
        for (var f = 0; f < frames; f++)
        {
            mask.Clear();
            var est = estimates.Slice(f * rows * 3, rows * 3);
            for (var r = 0; r < rows; r++)
            {
                var visible = float.IsFinite(est[3 * r]) && float.IsFinite(est[3 * r + 1]) && float.IsFinite(est[3 * r + 2]);
                if (visible && !rowConfidence.IsEmpty) visible = rowConfidence[f * rows + r] > threshold;
                if (visible) mask[r >> 6] |= 1UL << (r & 63);
            }
            _framePattern[f] = Lookup(mask);
        }
        if (_patternCounts.Length < _patterns.Count) { _patternCounts = new int[_patterns.Count * 2]; _patternStarts = new int[_patterns.Count * 2]; }
        Array.Clear(_patternCounts);
        for (var f = 0; f < frames; f++) _patternCounts[_framePattern[f]]++;
        var s = 0;
        for (var k = 0; k < _patterns.Count; k++) { _patternStarts[k] = s; s += _patternCounts[k]; }
        Span<int> cursor = _patterns.Count <= 1024 ? stackalloc int[_patterns.Count] : new int[_patterns.Count];
        _patternStarts.AsSpan(0, _patterns.Count).CopyTo(cursor);
        for (var f = 0; f < frames; f++) _job.Order[cursor[_framePattern[f]]++] = f;
    }

    private int Lookup(ReadOnlySpan<ulong> mask)
    {
        var hash = 14695981039346656037UL;
        foreach (var word in mask) hash = (hash ^ word) * 1099511628211UL;
        if (_cache.TryGetValue(hash, out var bucket))
        {
            for (var p = bucket; p is not null; p = p.NextInBucket)
            {
                if (p.Mask.AsSpan().SequenceEqual(mask))
                {
                    PatternCacheHits++;
                    return p.Index;
                }
            }
        }
        PatternCacheMisses++;
        var pattern = new ConsensusPattern(Groups, mask, Options.RootJoint) { Index = _patterns.Count, NextInBucket = bucket };
        _cache[hash] = pattern;
        _patterns.Add(pattern);
        return pattern.Index;
    }

    private static void Validate(ConsensusOptions o, JointGroups groups)
    {
        if (o.Mu is { } mu && !(mu > 0 && double.IsFinite(mu))) throw new InvalidOptionException("mu", $"must be finite and > 0, found {mu}");
        if (!(o.MuScale > 0 && double.IsFinite(o.MuScale))) throw new InvalidOptionException("mu-scale", $"must be finite and > 0, found {o.MuScale}");
        if (!(o.Tolerance > 0 && o.Tolerance < 1)) throw new InvalidOptionException("tol", $"must be in (0, 1), found {o.Tolerance}");
        if (o.MaxIterations < 1) throw new InvalidOptionException("max-iter", $"must be at least 1, found {o.MaxIterations}");
        if (o.CheckEvery < 1) throw new InvalidOptionException("check-every", $"must be at least 1, found {o.CheckEvery}");
        if (o.RootJoint < 0 || o.RootJoint >= groups.JointCount)
            throw new InvalidOptionException("root", $"must be a joint index 0..{groups.JointCount - 1}, found {o.RootJoint}");
        if (!Enum.IsDefined(o.Solver)) throw new InvalidOptionException("solver", $"unknown solver {o.Solver}; expected l21, l1 or lsq");
    }
}
