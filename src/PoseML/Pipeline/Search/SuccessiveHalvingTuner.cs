using PoseML.Core;

namespace PoseML.Pipeline.Search;

/// <summary>Successive halving (Jamieson &amp; Talwalkar 2016; the inner loop of Hyperband): rung 0 trains
/// <c>trials</c> random configurations on the smallest budget; each later rung keeps the best 1/η of the
/// previous rung (at least one) and trains them on η times the budget, until the full budget. Budgets are
/// fractions <c>MinimumBudgetFraction · η^r</c> of the full budget (epochs or training samples; the estimator
/// factory receives them), the last rung always 1.</summary>
public sealed class SuccessiveHalvingTuner : ITuner
{
    private readonly Queue<TrialProposal> _pending = new();
    private readonly List<(TrialProposal Proposal, double Loss)> _rungResults = [];
    private int _rungSize;
    private int _rung;
    private double[] _budgets = [];
    private SearchSpace? _space;
    private int[] _rungSizes = [];

    /// <summary>Creates the tuner. <paramref name="minimumBudgetFraction"/> is rung 0's share of the full budget.</summary>
    public SuccessiveHalvingTuner(double eta = Defaults.Eta, double minimumBudgetFraction = Defaults.MinimumBudgetFraction)
    {
        if (!(eta >= 2)) throw new InvalidOptionException(nameof(eta), $"must be at least 2, got {eta}");
        if (!(minimumBudgetFraction > 0 && minimumBudgetFraction <= 1))
            throw new InvalidOptionException(nameof(minimumBudgetFraction), $"must lie in (0, 1], got {minimumBudgetFraction}");
        Eta = eta;
        MinimumBudgetFraction = minimumBudgetFraction;
    }

    /// <summary>Keep 1/η of each rung; multiply the budget by η.</summary>
    public double Eta { get; }

    /// <summary>Rung 0's share of the full budget.</summary>
    public double MinimumBudgetFraction { get; }

    /// <summary>The budget fraction of each rung (after <see cref="Initialize"/>).</summary>
    public IReadOnlyList<double> RungBudgets => _budgets;

    /// <summary>Trials of each rung (after <see cref="Initialize"/>): the <c>trials</c> configurations of rung 0, then
    /// the survivors of each later rung; <see cref="TotalTrials"/> is their sum, e.g. 27, 9, 3 = 39 for 27 trials and η = 3.</summary>
    public IReadOnlyList<int> RungSizes => _rungSizes;

    /// <summary>How many configurations rung 0 needs so that all rungs together run at most <paramref name="totalTrials"/>
    /// trials with the given settings (at least 1): the <c>trials</c> to pass for a total budget of trials.</summary>
    public int FirstRungFor(int totalTrials)
    {
        var rungs = 1;
        for (var b = MinimumBudgetFraction; b < 1 - 1e-9; b *= Eta) rungs++;
        var best = 1;
        for (var n = 1; n <= totalTrials; n++)
        {
            var total = 0;
            for (int r = 0, k = n; r < rungs; r++, k = Keep(k)) total += k;
            if (total <= totalTrials) best = n;
            else break;
        }
        return best;
    }

    /// <inheritdoc />
    public string Name => "halving";

    /// <inheritdoc />
    public int? TotalTrials { get; private set; }

    /// <inheritdoc />
    public void Initialize(SearchSpace space, int trials, int seed)
    {
        if (trials < 1) throw new InvalidOptionException(nameof(trials), $"must be at least 1, got {trials}");
        _space = space;
        var budgets = new List<double>();
        for (var b = MinimumBudgetFraction; b < 1 - 1e-9; b *= Eta) budgets.Add(b);
        budgets.Add(1);
        _budgets = budgets.ToArray();
        _pending.Clear();
        _rungResults.Clear();
        _rung = 0;
        var random = new Random(seed);
        for (var i = 0; i < trials; i++)
        {
            var unit = new double[space.Parameters.Count];
            for (var d = 0; d < unit.Length; d++) unit[d] = random.NextDouble();
            _pending.Enqueue(new TrialProposal(space.ValuesAt(unit), _budgets[0], 0));
        }
        _rungSize = trials;
        _rungSizes = new int[_budgets.Length];
        for (int r = 0, n = trials; r < _budgets.Length; r++, n = Keep(n)) _rungSizes[r] = n;
        TotalTrials = _rungSizes.Sum();
    }

    /// <inheritdoc />
    public TrialProposal? Propose()
    {
        if (_space is null) throw new InvalidOperationException("Initialize the tuner first");
        return _pending.Count > 0 ? _pending.Dequeue() : null;
    }

    /// <inheritdoc />
    public void Observe(TrialProposal proposal, double loss)
    {
        if (proposal.Rung != _rung) throw new InvalidOperationException($"observed a rung-{proposal.Rung} trial during rung {_rung}");
        _rungResults.Add((proposal, double.IsNaN(loss) ? double.PositiveInfinity : loss));
        if (_rungResults.Count < _rungSize || _rung + 1 >= _budgets.Length) return;
        var keep = Keep(_rungSize);
        // Stable: ties keep the earlier configuration.
        var survivors = _rungResults.Select((r, i) => (r, i)).OrderBy(x => x.r.Loss).ThenBy(x => x.i).Take(keep).OrderBy(x => x.i);
        _rung++;
        foreach (var (r, _) in survivors) _pending.Enqueue(new TrialProposal(r.Proposal.Parameters, _budgets[_rung], _rung));
        _rungResults.Clear();
        _rungSize = keep;
    }

    private int Keep(int n) => Math.Max(1, (int)Math.Floor(n / Eta));

    /// <summary>Default settings of successive halving.</summary>
    public static class Defaults
    {
        /// <summary>Reduction factor η.</summary>
        public const double Eta = 3;

        /// <summary>Rung 0's share of the full budget (1/η², so three rungs).</summary>
        public const double MinimumBudgetFraction = 1.0 / 9;
    }
}
