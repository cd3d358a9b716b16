using IDataView = Microsoft.ML.IDataView;
using PoseML.Data.View;

namespace PoseML.Pipeline.CrossValidation;

/// <summary>K-fold cross-validation by sampling key (the engine under
/// <see cref="Catalogs.EvaluationCatalog.CrossValidate{TMetrics}"/>), generic over the evaluation function.</summary>
public static class CrossValidator
{
    /// <summary>Runs the folds in order. For fold k: fit <paramref name="estimator"/> on the rows whose key is
    /// not in fold k, transform fold k's rows, evaluate them. Progress goes to the context as stage
    /// <c>CrossValidate</c>; cancellation is checked between folds (and inside fits).</summary>
    public static CrossValidationResult<TMetrics> Run<TMetrics>(PoseContext context, IDataView data, IEstimator<ITransformer> estimator,
        Func<IDataView, TMetrics> evaluate, Func<TMetrics, IReadOnlyDictionary<string, double>> metricValues,
        int numberOfFolds, string samplingKeyColumnName, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(metricValues);
        _ = estimator.GetOutputSchema(data.Columns()); // fail before reading data
        var (folds, summary) = FoldRunner.Run(data, estimator.Fit, (model, test) => model.Transform(test), evaluate, metricValues,
            numberOfFolds, samplingKeyColumnName, seed, RunHooks.Of(context, "CrossValidate"));
        var results = folds.Select(f => new CrossValidationFold<TMetrics>(f.Fold, f.Model, f.Metrics, f.MetricValues, f.TestKeys, f.ScoredTestData, f.Seconds)).ToArray();
        return new CrossValidationResult<TMetrics>(results, summary);
    }
}
