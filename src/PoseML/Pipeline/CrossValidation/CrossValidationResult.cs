using IDataView = Microsoft.ML.IDataView;
namespace PoseML.Pipeline.CrossValidation;

/// <summary>One fold of a cross-validation: the model fitted on the other folds, its metrics on this
/// fold's rows, the key values (e.g. subjects) held out, and the scored held-out rows (lazy).</summary>
/// <typeparam name="TMetrics">The evaluation function's result type.</typeparam>
public sealed record CrossValidationFold<TMetrics>(
    int Fold,
    ITransformer Model,
    TMetrics Metrics,
    IReadOnlyDictionary<string, double> MetricValues,
    IReadOnlyList<string> TestKeys,
    Microsoft.ML.IDataView ScoredTestData,
    double Seconds);

/// <summary>The result of <see cref="Catalogs.EvaluationCatalog.CrossValidate{TMetrics}"/>: the folds and,
/// per named metric, its mean ± standard deviation over the folds.</summary>
/// <typeparam name="TMetrics">The evaluation function's result type.</typeparam>
public sealed record CrossValidationResult<TMetrics>(
    IReadOnlyList<CrossValidationFold<TMetrics>> Folds,
    IReadOnlyDictionary<string, MetricStatistics> Summary);
