using System.Text.Json.Nodes;

namespace PoseML.Pipeline.Search;

/// <summary>One line of a trial log (JSON Lines): what was tried, on what budget, with what result.</summary>
public sealed record TrialRecord
{
    /// <summary>Trial number, from 0, in the order the tuner proposed them.</summary>
    public required int Trial { get; init; }

    /// <summary>The tuner's name.</summary>
    public required string Tuner { get; init; }

    /// <summary>Successive-halving rung (0 for other tuners).</summary>
    public int Rung { get; init; }

    /// <summary>The budget the trial trained with.</summary>
    public required TrialBudget Budget { get; init; }

    /// <summary>The searched parameters' values.</summary>
    public required JsonObject Parameters { get; init; }

    /// <summary>The complete options the pipeline was built from.</summary>
    public required JsonNode Options { get; init; }

    /// <summary>Validation metrics by name (empty for a failed trial).</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    /// <summary>The objective metric's value (null for a failed trial).</summary>
    public double? Objective { get; init; }

    /// <summary>Wall-clock seconds of fit + evaluation.</summary>
    public required double Seconds { get; init; }

    /// <summary><c>ok</c> or <c>failed</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The error of a failed trial.</summary>
    public string? Error { get; init; }

    /// <summary>True when the trial finished with a result.</summary>
    public bool Succeeded => Status == "ok" && Objective is not null;
}
