namespace PoseML.Pipeline.Search;

/// <summary>One trial a tuner asks for: parameter values, the share of the full budget to train with
/// (1 except for multi-fidelity tuners) and the rung (0 except for successive halving).</summary>
public sealed record TrialProposal(IReadOnlyDictionary<string, object> Parameters, double BudgetFraction = 1, int Rung = 0);

/// <summary>A hyper-parameter tuner: proposes trials one at a time and is told each trial's loss.
/// A tuner must be deterministic given its seed and the losses it observed: a resumed search replays
/// it and skips the trials already in the log, so the sequence continues exactly.</summary>
public interface ITuner
{
    /// <summary>Short name written in trial logs (<c>random</c>, <c>grid</c>, <c>halving</c>).</summary>
    string Name { get; }

    /// <summary>Starts a search of <paramref name="space"/> with about <paramref name="trials"/> trials
    /// (for successive halving: the number of configurations in the first rung).</summary>
    void Initialize(SearchSpace space, int trials, int seed);

    /// <summary>How many trials the search will run, when known (for progress).</summary>
    int? TotalTrials { get; }

    /// <summary>The next trial, or null when the search is over.</summary>
    TrialProposal? Propose();

    /// <summary>Reports the loss of a proposed trial (smaller is better; +∞ for a failed trial).</summary>
    void Observe(TrialProposal proposal, double loss);
}
