using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Evaluation;
using PoseML.Pipeline.CrossValidation;
using PoseML.Pipeline.Search;

namespace PoseML.Pipeline.Catalogs;

/// <summary>Metrics, cross-validation and hyper-parameter search (<c>ctx.Evaluation</c>).</summary>
public sealed class EvaluationCatalog : CatalogBase
{
    internal EvaluationCatalog(PoseContext context) : base(context) { }

    /// <summary>MPJPE (Protocol 1, root-aligned, mm) of <paramref name="scoreColumnName"/> against
    /// <paramref name="labelColumnName"/> over every row of <paramref name="scored"/>.</summary>
    /// <exception cref="SchemaMismatchException">The columns are not float[J,3] of the same J.</exception>
    public double Mpjpe(IDataView scored, string labelColumnName = PoseColumns.Pose3D, string scoreColumnName = PoseColumns.PredictedPose3D)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var label = scored.Columns().Require(labelColumnName, DataKind.Float32, 2).Type;
        if (label.Shape[1] != 3) throw new SchemaMismatchException(labelColumnName, $"expected float[J,3], found {label}");
        scored.Columns().Require(scoreColumnName, label);
        double sum = 0;
        long frames = 0;
        foreach (var b in scored.GetBatches(DataViews.DefaultBatchSize, [labelColumnName, scoreColumnName]))
        {
            if (b.RowCount == 0) continue;
            sum += PoseMetrics.Mpjpe(b.GetFloats(scoreColumnName), b.GetFloats(labelColumnName), label.Shape[0]) * b.RowCount;
            frames += b.RowCount;
        }
        return frames == 0 ? double.NaN : sum / frames;
    }

    /// <summary>The standard metrics table (MPJPE, PA-MPJPE, N-MPJPE, PCK, AUC, per joint, per action) of
    /// <paramref name="scoreColumnName"/> against <paramref name="labelColumnName"/> over <paramref name="scored"/>.</summary>
    public PoseMetricsReport Evaluate(IDataView scored, string labelColumnName = PoseColumns.Pose3D,
        string scoreColumnName = PoseColumns.PredictedPose3D, PoseEvaluationOptions? options = null) =>
        PoseEvaluation.Evaluate(scored, scoreColumnName, labelColumnName, options);

    /// <summary>Cross-validation of a 3D pose pipeline by subject with the standard metrics table per fold
    /// and the mean ± std of each number (<see cref="MetricValues.ToMetricValues"/>).</summary>
    public CrossValidationResult<PoseMetricsReport> CrossValidate(IDataView data, IEstimator<ITransformer> estimator,
        int numberOfFolds = 5, string labelColumnName = PoseColumns.Pose3D, string scoreColumnName = PoseColumns.PredictedPose3D,
        string samplingKeyColumnName = PoseColumns.Subject, int? seed = null) =>
        CrossValidate(data, estimator, scored => Evaluate(scored, labelColumnName, scoreColumnName), r => r.ToMetricValues(),
            numberOfFolds, samplingKeyColumnName, seed);

    /// <summary>K-fold cross-validation by sampling key (DESIGN.md §3.10): each value of
    /// <paramref name="samplingKeyColumnName"/> (e.g. each subject) is in exactly one test fold; the same seed gives
    /// the same folds. For each fold the estimator is fitted on the other folds, the fold is scored and passed to
    /// <paramref name="evaluate"/>; <paramref name="metricValues"/> names the numbers to summarise as mean ± std.
    /// Without <paramref name="seed"/>, the context's seed is used.</summary>
    /// <example><code>
    /// var cv = ctx.Evaluation.CrossValidate(data, pipeline,
    ///     scored => ctx.Evaluation.Mpjpe(scored), mpjpe => new Dictionary&lt;string, double&gt; { ["Mpjpe"] = mpjpe },
    ///     numberOfFolds: 5, samplingKeyColumnName: PoseColumns.Subject, seed: 1);
    /// Console.WriteLine(cv.Summary["Mpjpe"]); // 41.3 ± 2.7
    /// </code></example>
    public CrossValidationResult<TMetrics> CrossValidate<TMetrics>(IDataView data, IEstimator<ITransformer> estimator,
        Func<IDataView, TMetrics> evaluate, Func<TMetrics, IReadOnlyDictionary<string, double>> metricValues,
        int numberOfFolds = 5, string samplingKeyColumnName = PoseColumns.Subject, int? seed = null) =>
        CrossValidator.Run(Context, data, estimator, evaluate, metricValues, numberOfFolds, samplingKeyColumnName,
            seed ?? Context.Seed ?? Context.NextSeed());

    /// <summary>Cross-validation with an evaluation that returns named numbers directly.</summary>
    public CrossValidationResult<IReadOnlyDictionary<string, double>> CrossValidate(IDataView data, IEstimator<ITransformer> estimator,
        Func<IDataView, IReadOnlyDictionary<string, double>> evaluate,
        int numberOfFolds = 5, string samplingKeyColumnName = PoseColumns.Subject, int? seed = null) =>
        CrossValidate(data, estimator, evaluate, m => m, numberOfFolds, samplingKeyColumnName, seed);

    /// <summary>Hyper-parameter search over the <c>[Range]</c>/<c>[Choice]</c> options of
    /// <typeparamref name="TOptions"/>: the tuner proposes options, <paramref name="pipeline"/> builds the estimator
    /// for them and a budget, the fit is validated on held-out key values (subjects) with <paramref name="evaluate"/>,
    /// each trial is logged, and the best options are refitted on all data (and saved, if asked).</summary>
    public SweepResult<TOptions> Sweep<TOptions>(IDataView data, TOptions baseline,
        Func<TOptions, TrialBudget, IEstimator<ITransformer>> pipeline, Func<IDataView, IReadOnlyDictionary<string, double>> evaluate,
        SweepOptions? options = null) where TOptions : class =>
        HyperparameterSearch.Run(Context, data, baseline, pipeline, evaluate, options ?? new SweepOptions());
}
