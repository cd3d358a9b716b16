using System.Text.Json.Nodes;

namespace PoseML.Pipeline.Search;

/// <summary>The outcome of a search: every trial, the best one, and the best pipeline refitted on all data.</summary>
public class SweepResult
{
    internal SweepResult(IReadOnlyList<TrialRecord> trials, TrialRecord best, ITransformer? model, int resumedTrials)
    {
        Trials = trials;
        Best = best;
        Model = model;
        ResumedTrials = resumedTrials;
    }

    /// <summary>Every trial, in order (including those read back from the log).</summary>
    public IReadOnlyList<TrialRecord> Trials { get; }

    /// <summary>The best successful full-budget trial (ties: the earliest).</summary>
    public TrialRecord Best { get; }

    /// <summary>The best options' pipeline fitted on all data; null when <see cref="SweepOptions.RefitBest"/> is false.</summary>
    public ITransformer? Model { get; }

    /// <summary>How many trials were read back from the log instead of run.</summary>
    public int ResumedTrials { get; }

    /// <summary>The best trial's complete options as JSON.</summary>
    public JsonNode BestOptionsJson => Best.Options;
}

/// <summary>A <see cref="SweepResult"/> with the best options as a typed record.</summary>
/// <typeparam name="TOptions">The searched options type.</typeparam>
public sealed class SweepResult<TOptions> : SweepResult where TOptions : class
{
    internal SweepResult(IReadOnlyList<TrialRecord> trials, TrialRecord best, TOptions bestOptions, ITransformer? model, int resumedTrials)
        : base(trials, best, model, resumedTrials)
    {
        BestOptions = bestOptions;
    }

    /// <summary>The best trial's options.</summary>
    public TOptions BestOptions { get; }
}
