using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.Evaluation;
using PoseML.Pipeline.CrossValidation;
using PoseML.Pipeline.Search;
using PoseML.MLNet;

namespace PoseML.Pipeline.Evaluation;

/// <summary>Hyper-parameter search over ML.NET estimators on ML.NET's regression catalog: the <c>[Range]</c> and
/// <c>[Choice]</c> properties of an options record are the search space, a tuner (random, grid, successive halving)
/// proposes options, a factory builds any <see cref="IEstimator{TTransformer}"/> from them, each trial is validated
/// on held-out subjects and written to a resumable JSON Lines log, and the best options are refitted on all data and
/// saved with <c>mlContext.Model.Save</c>.</summary>
public static class PoseSweepExtensions
{
    /// <summary>Searches <typeparamref name="TOptions"/> scoring each trial with the pose metrics
    /// (<see cref="PoseEvaluationExtensions.EvaluatePoses"/>; objective names: Mpjpe, PaMpjpe, NMpjpe, Pck150, Auc).</summary>
    /// <example><code>
    /// var result = mlContext.Regression.SweepPoses(data, new MyOptions(),
    ///     (o, budget) => mlContext.Transforms.NormalizeMeanVariance("Features").Append(MyLifter(o)),
    ///     new SweepOptions { Tuner = new GridTuner(), Trials = 12, LogPath = "sweep.jsonl", SaveBestTo = "best.zip" });
    /// </code></example>
    /// <exception cref="InvalidOptionException">Bad settings, an objective the evaluation does not report, a log of
    /// another search; or every trial failed.</exception>
    /// <exception cref="SchemaMismatchException">The baseline pipeline cannot fit the data, or the label or score
    /// column is not a float[J,3] pose.</exception>
    public static PoseSweepResult<TOptions> SweepPoses<TOptions>(this RegressionCatalog catalog, IDataView data, TOptions baseline,
        Func<TOptions, TrialBudget, IEstimator<ITransformer>> pipeline, SweepOptions? options = null,
        string labelColumnName = PoseColumns.Pose3D, string scoreColumnName = PoseColumns.PredictedPose3D,
        PoseEvaluationOptions? evaluationOptions = null) where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(pipeline);
        var checkedColumns = false;
        return catalog.SweepPoses(data, baseline,
            (o, b) =>
            {
                var estimator = pipeline(o, b);
                if (!checkedColumns && estimator is not null)
                {
                    PoseCrossValidationExtensions.CheckPoseColumns(data.Schema, estimator.GetOutputSchema(SchemaShapes.Of(data.Schema)), labelColumnName, scoreColumnName);
                    checkedColumns = true;
                }
                return estimator!;
            },
            scored => PoseEvaluation.Evaluate(scored, scoreColumnName, labelColumnName, evaluationOptions).ToMetricValues(), options);
    }

    /// <summary>Searches <typeparamref name="TOptions"/> with any evaluation: <paramref name="evaluate"/> turns the
    /// scored validation rows into named metrics, one of which is <see cref="SweepOptions.Objective"/>.</summary>
    /// <remarks>Seeds: <see cref="SweepOptions.Seed"/>, else one drawn from the context. Progress (operation
    /// <c>Sweep</c>, and <c>CrossValidate</c> for <see cref="SweepOptions.NumberOfFolds"/> ≥ 2) and cancellation go
    /// through <c>PoseRun.For(mlContext.Regression, …)</c>; a cancelled search keeps every finished trial in its log.
    /// A trial that throws a PoseML error or an ML.NET <see cref="InvalidOperationException"/>/<see cref="ArgumentException"/>
    /// is recorded as failed. <see cref="SweepOptions.SaveBestTo"/> is written atomically with
    /// <c>mlContext.Model.Save(model, data.Schema, …)</c> and loads with <c>mlContext.Model.Load</c>.</remarks>
    /// <exception cref="InvalidOptionException">Bad settings, an objective the evaluation does not report, a log of
    /// another search; or every trial failed.</exception>
    public static PoseSweepResult<TOptions> SweepPoses<TOptions>(this RegressionCatalog catalog, IDataView data, TOptions baseline,
        Func<TOptions, TrialBudget, IEstimator<ITransformer>> pipeline, Func<IDataView, IReadOnlyDictionary<string, double>> evaluate,
        SweepOptions? options = null) where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new SweepOptions();
        var run = PoseRun.For(catalog, "Sweep");
        var seed = options.Seed ?? run.NextSeed();
        return SearchRunner.Run(data, baseline, pipeline, evaluate, options, seed, run, PoseRun.For(catalog, "CrossValidate"));
    }
}
