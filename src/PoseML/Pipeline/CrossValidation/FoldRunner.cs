using System.Diagnostics;
using Microsoft.ML;
using PoseML.Core;
using PoseML.MLNet;
using PoseML.Pipeline.Evaluation;

namespace PoseML.Pipeline.CrossValidation;

/// <summary>K-fold cross-validation by sampling key: the engine under <c>mlContext.Regression.CrossValidatePoses</c>
/// and the cross-validated trials of <c>SweepPoses</c> (which pass how to fit: a trial may fit on a subset).</summary>
internal static class FoldRunner
{
    /// <summary>For fold k: fit on the rows whose key is not in fold k, transform fold k's rows, evaluate them.
    /// Keys are dealt to folds by <see cref="FoldAssignment.Assign"/>; cancellation is checked before each fold.</summary>
    public static PoseCrossValidationResult<TMetrics> Run<TMetrics>(
        IDataView data, Func<IDataView, ITransformer> fit,
        Func<IDataView, TMetrics> evaluate, Func<TMetrics, IReadOnlyDictionary<string, double>> metricValues,
        int numberOfFolds, string samplingKeyColumnName, int seed, PoseRunContext run)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(metricValues);
        var folds = FoldAssignment.Assign(FoldAssignment.ReadKeys(data, samplingKeyColumnName), numberOfFolds, seed, samplingKeyColumnName);
        var results = new List<PoseCrossValidationFold<TMetrics>>();
        for (var k = 0; k < numberOfFolds; k++)
        {
            run.ThrowIfCancellationRequested();
            run.Report(k, numberOfFolds, $"fold {k + 1}/{numberOfFolds}");
            var clock = Stopwatch.StartNew();
            var testKeys = folds.Where(p => p.Value == k).Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
            var testSet = new HashSet<string>(testKeys, StringComparer.Ordinal);
            var train = FoldAssignment.FilterByKeys(data, samplingKeyColumnName, testSet, inSet: false);
            var test = FoldAssignment.FilterByKeys(data, samplingKeyColumnName, testSet, inSet: true);
            var model = fit(train);
            var scored = model.Transform(test);
            var metrics = evaluate(scored);
            var values = metricValues(metrics) ?? throw new PoseMLException("the metric-values function returned null");
            results.Add(new PoseCrossValidationFold<TMetrics>(k, model, metrics, values, testKeys, scored, clock.Elapsed.TotalSeconds));
        }
        run.Report(numberOfFolds, numberOfFolds, "done");
        var names = results.SelectMany(r => r.MetricValues.Keys).Distinct(StringComparer.Ordinal);
        var summary = names.ToDictionary(n => n,
            n => MetricStatistics.Of(results.Where(r => r.MetricValues.ContainsKey(n)).Select(r => r.MetricValues[n]).ToArray()),
            StringComparer.Ordinal);
        return new PoseCrossValidationResult<TMetrics>(results, summary);
    }
}
