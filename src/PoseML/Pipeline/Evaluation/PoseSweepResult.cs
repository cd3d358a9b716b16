using System.Text.Json.Nodes;
using Microsoft.ML;
using PoseML.Pipeline.Search;

namespace PoseML.Pipeline.Evaluation;

/// <summary>The outcome of <see cref="PoseSweepExtensions.SweepPoses{TOptions}(RegressionCatalog, IDataView, TOptions, Func{TOptions, TrialBudget, IEstimator{ITransformer}}, SweepOptions?, string, string, PoseML.Evaluation.PoseEvaluationOptions?)"/>:
/// every trial, the best one and its options, and the best pipeline refitted on all data.</summary>
/// <typeparam name="TOptions">The searched options type.</typeparam>
/// <param name="Trials">Every trial, in order (including those read back from the log).</param>
/// <param name="Best">The best successful full-budget trial (ties: the earliest).</param>
/// <param name="BestOptions">The best trial's options (the baseline with the trial's parameters applied).</param>
/// <param name="Model">The best options' pipeline fitted on all data; null when <see cref="SweepOptions.RefitBest"/> is false.</param>
/// <param name="ResumedTrials">How many trials were read back from the log instead of run.</param>
public sealed record PoseSweepResult<TOptions>(IReadOnlyList<TrialRecord> Trials, TrialRecord Best, TOptions BestOptions,
    ITransformer? Model, int ResumedTrials) where TOptions : class
{
    /// <summary>The best trial's complete options as JSON.</summary>
    public JsonNode BestOptionsJson => Best.Options;
}
