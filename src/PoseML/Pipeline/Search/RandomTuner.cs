namespace PoseML.Pipeline.Search;

/// <summary>Random search: each trial draws every parameter independently and uniformly (log-uniformly for
/// log ranges) from a seeded generator (ML.NET's <c>RandomSearchTuner</c>).</summary>
public sealed class RandomTuner : ITuner
{
    private SearchSpace? _space;
    private Random _random = new(0);
    private int _remaining;

    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public int? TotalTrials { get; private set; }

    /// <inheritdoc />
    public void Initialize(SearchSpace space, int trials, int seed)
    {
        _space = space;
        _random = new Random(seed);
        _remaining = trials;
        TotalTrials = trials;
    }

    /// <inheritdoc />
    public TrialProposal? Propose()
    {
        if (_space is null) throw new InvalidOperationException("Initialize the tuner first");
        if (_remaining <= 0) return null;
        _remaining--;
        var unit = new double[_space.Parameters.Count];
        for (var i = 0; i < unit.Length; i++) unit[i] = _random.NextDouble();
        return new TrialProposal(_space.ValuesAt(unit));
    }

    /// <inheritdoc />
    public void Observe(TrialProposal proposal, double loss) { }
}
