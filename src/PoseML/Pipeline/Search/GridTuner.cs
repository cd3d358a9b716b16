using PoseML.Core;

namespace PoseML.Pipeline.Search;

/// <summary>Grid search: the Cartesian product of <see cref="PointsPerRange"/> evenly spaced values per range
/// (log-spaced for log ranges) and every choice, visited in order, the last parameter varying fastest. When the
/// grid has more points than the trial budget, a seeded random subset of the grid (without repetition) is
/// visited instead, in grid order.</summary>
public sealed class GridTuner : ITuner
{
    private readonly Queue<IReadOnlyDictionary<string, object>> _points = new();

    /// <summary>Creates a grid tuner.</summary>
    public GridTuner(int pointsPerRange = Defaults.PointsPerRange)
    {
        if (pointsPerRange < 1) throw new InvalidOptionException(nameof(pointsPerRange), $"must be at least 1, got {pointsPerRange}");
        PointsPerRange = pointsPerRange;
    }

    /// <summary>Points per numeric range.</summary>
    public int PointsPerRange { get; }

    /// <inheritdoc />
    public string Name => "grid";

    /// <inheritdoc />
    public int? TotalTrials { get; private set; }

    /// <summary>Number of points of the full grid (after <see cref="Initialize"/>).</summary>
    public long GridSize { get; private set; }

    /// <inheritdoc />
    public void Initialize(SearchSpace space, int trials, int seed)
    {
        _points.Clear();
        var axes = space.Parameters.Select(p => p.GridValues(PointsPerRange)).ToArray();
        GridSize = axes.Aggregate(1L, (n, a) => checked(n * a.Count));
        var take = (int)Math.Min(GridSize, Math.Max(trials, 0));
        IEnumerable<long> indices = Enumerable.Range(0, (int)Math.Min(GridSize, int.MaxValue)).Select(i => (long)i);
        if (take < GridSize)
        {
            if (GridSize > 10_000_000) throw new InvalidOptionException("trials", $"the grid has {GridSize} points; use fewer points per range or the random tuner");
            var all = indices.ToArray();
            new Random(seed).Shuffle(all);
            indices = all.Take(take).Order();
        }
        foreach (var index in indices)
        {
            var values = new Dictionary<string, object>(StringComparer.Ordinal);
            var rest = index;
            for (var i = axes.Length - 1; i >= 0; i--)
            {
                values[space.Parameters[i].Name] = axes[i][(int)(rest % axes[i].Count)];
                rest /= axes[i].Count;
            }
            _points.Enqueue(space.Parameters.ToDictionary(p => p.Name, p => values[p.Name], StringComparer.Ordinal));
        }
        TotalTrials = _points.Count;
    }

    /// <inheritdoc />
    public TrialProposal? Propose() => _points.Count > 0 ? new TrialProposal(_points.Dequeue()) : null;

    /// <inheritdoc />
    public void Observe(TrialProposal proposal, double loss) { }

    /// <summary>Default settings of the grid tuner.</summary>
    public static class Defaults
    {
        /// <summary>Points per numeric range.</summary>
        public const int PointsPerRange = 5;
    }
}
