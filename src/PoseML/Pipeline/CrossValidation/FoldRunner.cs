using IDataView = Microsoft.ML.IDataView;
using System.Diagnostics;
using PoseML.Core;

namespace PoseML.Pipeline.CrossValidation;

/// <summary>One fold's outcome, whatever the model type.</summary>
internal sealed record FoldOutcome<TModel, TMetrics>(int Fold, TModel Model, TMetrics Metrics,
    IReadOnlyDictionary<string, double> MetricValues, string[] TestKeys, IDataView ScoredTestData, double Seconds);

/// <summary>K-fold cross-validation by sampling key: the engine under <c>mlContext.Regression.CrossValidatePoses</c>
/// (PoseML.Pipeline.Evaluation), which passes how to fit and apply its models.</summary>
internal static class FoldRunner
{
    /// <summary>For fold k: fit on the rows whose key is not in fold k, transform fold k's rows, evaluate them.
    /// Keys are dealt to folds by <see cref="FoldAssignment.Assign"/>; cancellation is checked before each fold.</summary>
    public static (IReadOnlyList<FoldOutcome<TModel, TMetrics>> Folds, IReadOnlyDictionary<string, MetricStatistics> Summary) Run<TModel, TMetrics>(
        IDataView data, Func<IDataView, TModel> fit, Func<TModel, IDataView, IDataView> transform,
        Func<IDataView, TMetrics> evaluate, Func<TMetrics, IReadOnlyDictionary<string, double>> metricValues,
        int numberOfFolds, string samplingKeyColumnName, int seed, RunHooks hooks)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(metricValues);
        var folds = FoldAssignment.Assign(FoldAssignment.ReadKeys(data, samplingKeyColumnName), numberOfFolds, seed, samplingKeyColumnName);
        var results = new List<FoldOutcome<TModel, TMetrics>>();
        for (var k = 0; k < numberOfFolds; k++)
        {
            hooks.ThrowIfCancellationRequested();
            hooks.Report(k, numberOfFolds, $"fold {k + 1}/{numberOfFolds}");
            var clock = Stopwatch.StartNew();
            var testKeys = folds.Where(p => p.Value == k).Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
            var testSet = new HashSet<string>(testKeys, StringComparer.Ordinal);
            var train = FoldAssignment.FilterByKeys(data, samplingKeyColumnName, testSet, inSet: false);
            var test = FoldAssignment.FilterByKeys(data, samplingKeyColumnName, testSet, inSet: true);
            var model = fit(train);
            var scored = transform(model, test);
            var metrics = evaluate(scored);
            var values = metricValues(metrics) ?? throw new PoseMLException("the metric-values function returned null");
            results.Add(new FoldOutcome<TModel, TMetrics>(k, model, metrics, values, testKeys, scored, clock.Elapsed.TotalSeconds));
        }
        hooks.Report(numberOfFolds, numberOfFolds, "done");
        var names = results.SelectMany(r => r.MetricValues.Keys).Distinct(StringComparer.Ordinal);
        var summary = names.ToDictionary(n => n,
            n => MetricStatistics.Of(results.Where(r => r.MetricValues.ContainsKey(n)).Select(r => r.MetricValues[n]).ToArray()),
            StringComparer.Ordinal);
        return (results, summary);
    }
}
