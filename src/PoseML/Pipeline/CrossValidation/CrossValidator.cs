using IDataView = Microsoft.ML.IDataView;
using System.Diagnostics;
using PoseML.Core;
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
        var folds = FoldAssignment.Assign(FoldAssignment.ReadKeys(data, samplingKeyColumnName), numberOfFolds, seed, samplingKeyColumnName);
        var results = new List<CrossValidationFold<TMetrics>>();
        for (var k = 0; k < numberOfFolds; k++)
        {
            context.ThrowIfCancellationRequested();
            context.ReportProgress("CrossValidate", k, numberOfFolds, $"fold {k + 1}/{numberOfFolds}");
            var clock = Stopwatch.StartNew();
            var testKeys = folds.Where(p => p.Value == k).Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
            var testSet = new HashSet<string>(testKeys, StringComparer.Ordinal);
            var train = FoldAssignment.FilterByKeys(data, samplingKeyColumnName, testSet, inSet: false);
            var test = FoldAssignment.FilterByKeys(data, samplingKeyColumnName, testSet, inSet: true);
            var model = estimator.Fit(train);
            var scored = model.Transform(test);
            var metrics = evaluate(scored);
            var values = metricValues(metrics) ?? throw new PoseMLException("the metric-values function returned null");
            results.Add(new CrossValidationFold<TMetrics>(k, model, metrics, values, testKeys, scored, clock.Elapsed.TotalSeconds));
        }
        context.ReportProgress("CrossValidate", numberOfFolds, numberOfFolds, "done");
        var names = results.SelectMany(r => r.MetricValues.Keys).Distinct(StringComparer.Ordinal);
        var summary = names.ToDictionary(n => n,
            n => MetricStatistics.Of(results.Where(r => r.MetricValues.ContainsKey(n)).Select(r => r.MetricValues[n]).ToArray()),
            StringComparer.Ordinal);
        return new CrossValidationResult<TMetrics>(results, summary);
    }
}
