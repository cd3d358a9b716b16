using PoseML.Core;

namespace PoseML.Stages.Normalization;

/// <summary>Options of <see cref="NormalizeMeanVarianceEstimator"/>.</summary>
public sealed record NormalizeMeanVarianceOptions
{
    /// <summary>The column written (by default the input column, replaced in place).</summary>
    public string OutputColumnName { get; init; } = Defaults.ColumnName;

    /// <summary>The column read; null reads <see cref="OutputColumnName"/>.</summary>
    public string? InputColumnName { get; init; }

    /// <summary>At most this many rows (the first ones) are read to estimate the statistics.</summary>
    public long MaximumExampleCount { get; init; } = Defaults.MaximumExampleCount;

    /// <summary>Standard deviations below this are treated as 1.</summary>
    public double MinimumStandardDeviation { get; init; } = Defaults.MinimumStandardDeviation;

    /// <summary>The column read (resolving the null default).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ResolvedInputColumnName => InputColumnName ?? OutputColumnName;

    /// <summary>Checks every option.</summary>
    /// <exception cref="InvalidOptionException">An option is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputColumnName)) throw new InvalidOptionException(nameof(OutputColumnName), "must name a column");
        if (InputColumnName is not null && string.IsNullOrWhiteSpace(InputColumnName)) throw new InvalidOptionException(nameof(InputColumnName), "must name a column or be null");
        if (MaximumExampleCount < 1) throw new InvalidOptionException(nameof(MaximumExampleCount), $"must be at least 1, got {MaximumExampleCount}");
        if (!(MinimumStandardDeviation >= 0) || double.IsInfinity(MinimumStandardDeviation))
            throw new InvalidOptionException(nameof(MinimumStandardDeviation), $"must be finite and >= 0, got {MinimumStandardDeviation}");
    }
}
