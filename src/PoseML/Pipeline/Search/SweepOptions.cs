using PoseML.Data;

namespace PoseML.Pipeline.Search;

/// <summary>Settings of a hyper-parameter search (<c>mlContext.Regression.SweepPoses</c>).</summary>
public sealed record SweepOptions
{
    /// <summary>The tuner (a fresh instance per search). Default: <see cref="RandomTuner"/>.</summary>
    public ITuner? Tuner { get; init; }

    /// <summary>Number of trials (for successive halving: configurations in the first rung).</summary>
    public int Trials { get; init; } = Defaults.Trials;

    /// <summary>The metric to optimise, by name (as returned by the evaluation function).</summary>
    public string Objective { get; init; } = Defaults.Objective;

    /// <summary>True to maximise the objective (e.g. PCK), false to minimise it (e.g. MPJPE).</summary>
    public bool Maximize { get; init; }

    /// <summary>Validation rows are whole key values (e.g. subjects) held out from training.</summary>
    public string SamplingKeyColumnName { get; init; } = PoseColumns.Subject;

    /// <summary>Share of key values held out for validation (when <see cref="NumberOfFolds"/> is 0).</summary>
    public double ValidationFraction { get; init; } = Defaults.ValidationFraction;

    /// <summary>0: validate each trial on one held-out split of key values. 2 or more: cross-validate each trial
    /// by key over this many folds and use the mean of each metric (slower, less noisy).</summary>
    public int NumberOfFolds { get; init; }

    /// <summary>What budgets count (for successive halving).</summary>
    public BudgetKind BudgetKind { get; init; } = BudgetKind.TrainingSamples;

    /// <summary>The full budget: epochs for <see cref="BudgetKind.Epochs"/>; for training samples, 0 means all training rows.</summary>
    public long MaxBudget { get; init; }

    /// <summary>JSON Lines trial log; null for none.</summary>
    public string? LogPath { get; init; }

    /// <summary>Continue the search recorded in <see cref="LogPath"/>, skipping its finished trials.</summary>
    public bool Resume { get; init; }

    /// <summary>Seed of the split and the tuner; null takes the context's.</summary>
    public int? Seed { get; init; }

    /// <summary>Refit the best options on all data (full budget) after the search.</summary>
    public bool RefitBest { get; init; } = true;

    /// <summary>Where to save the refitted best model (model store zip); null to skip.</summary>
    public string? SaveBestTo { get; init; }

    /// <summary>Default values of <see cref="SweepOptions"/>.</summary>
    public static class Defaults
    {
        /// <summary>Number of trials.</summary>
        public const int Trials = 20;

        /// <summary>The objective metric.</summary>
        public const string Objective = "Mpjpe";

        /// <summary>Share of key values held out for validation.</summary>
        public const double ValidationFraction = 0.25;
    }
}
