namespace PoseML.Pipeline.Search;

/// <summary>What a trial's budget counts.</summary>
public enum BudgetKind
{
    /// <summary>Training samples: the search trains on an evenly spread subset of the training rows of
    /// <see cref="TrialBudget.Value"/> rows (and the factory may read the budget too).</summary>
    TrainingSamples,

    /// <summary>Epochs: the estimator factory sets its epoch count to <see cref="TrialBudget.Value"/>.</summary>
    Epochs,
}

/// <summary>The budget of one trial, handed to the estimator factory.</summary>
/// <param name="Kind">What the budget counts.</param>
/// <param name="Fraction">Share of the full budget in (0, 1].</param>
/// <param name="Value">The budget in its unit: rows for <see cref="BudgetKind.TrainingSamples"/>, epochs for
/// <see cref="BudgetKind.Epochs"/> (at least 1).</param>
public sealed record TrialBudget(BudgetKind Kind, double Fraction, long Value)
{
    /// <summary>True when this is the full budget.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFull => Fraction >= 1;
}
