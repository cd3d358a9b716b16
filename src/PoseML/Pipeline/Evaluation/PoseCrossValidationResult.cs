using Microsoft.ML;
using PoseML.Pipeline.CrossValidation;

namespace PoseML.Pipeline.Evaluation;

/// <summary>One fold of <see cref="PoseCrossValidationExtensions.CrossValidatePoses(RegressionCatalog, IDataView, IEstimator{ITransformer}, int, string, string, string, int?, PoseML.Evaluation.PoseEvaluationOptions?)"/>:
/// the model fitted on the other folds, its metrics on this fold's rows, the key values (subjects) held out, and the
/// scored held-out rows (lazy).</summary>
/// <typeparam name="TMetrics">The evaluation's result type.</typeparam>
/// <param name="Fold">Fold index, from 0.</param>
/// <param name="Model">The model fitted on the other folds.</param>
/// <param name="Metrics">The evaluation of the scored held-out rows.</param>
/// <param name="MetricValues">The named numbers summarised over folds.</param>
/// <param name="TestKeys">The sampling-key values (e.g. subjects) of this fold, sorted ordinally.</param>
/// <param name="ScoredTestData">The held-out rows transformed by <paramref name="Model"/> (lazy).</param>
/// <param name="Seconds">Wall-clock seconds of fit and evaluation.</param>
public sealed record PoseCrossValidationFold<TMetrics>(int Fold, ITransformer Model, TMetrics Metrics,
    IReadOnlyDictionary<string, double> MetricValues, IReadOnlyList<string> TestKeys, IDataView ScoredTestData, double Seconds);

/// <summary>The folds of a cross-validation by subject and, per named metric, its mean ± standard deviation over the folds.</summary>
/// <typeparam name="TMetrics">The evaluation's result type.</typeparam>
/// <param name="Folds">The folds, in order.</param>
/// <param name="Summary">Mean ± sample standard deviation of each metric over the folds.</param>
public sealed record PoseCrossValidationResult<TMetrics>(
    IReadOnlyList<PoseCrossValidationFold<TMetrics>> Folds,
    IReadOnlyDictionary<string, MetricStatistics> Summary);
