using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.Data;
using PoseML.Evaluation;
using PoseML.Pipeline.CrossValidation;
using PoseML.MLNet;

namespace PoseML.Pipeline.Evaluation;

/// <summary>Cross-validation by subject of any ML.NET estimator on ML.NET's regression catalog. Unlike ML.NET's
/// <c>Regression.CrossValidate</c> (which hashes the sampling key into folds, so 7 subjects in 3 folds may leave a
/// fold empty, and rejects a vector score column), every key value lands in exactly one non-empty test fold and
/// each fold is scored with the pose metrics.</summary>
public static class PoseCrossValidationExtensions
{
    /// <summary>K-fold cross-validation of a 3D pose pipeline by <paramref name="samplingKeyColumnName"/> with the
    /// standard metrics table per fold (<see cref="PoseEvaluationExtensions.EvaluatePoses"/>) and the mean ± std of
    /// its scalar entries (<see cref="MetricValues.ToMetricValues"/>: Mpjpe, PaMpjpe, NMpjpe, Pck150, Auc).</summary>
    /// <remarks>The distinct key values are sorted, shuffled with the seed and dealt round-robin, so fold sizes
    /// (in keys) differ by at most one and the same seed gives the same folds. Without <paramref name="seed"/> one
    /// is drawn from the context (a seeded <see cref="MLContext"/> reproduces the folds). Progress and cancellation go
    /// through <c>PoseRun.For(mlContext.Regression, "CrossValidate")</c>, checked before each fold. Fold views carry
    /// the columns PoseML reads (float, int and text scalars; fixed-size float and int vectors).</remarks>
    /// <exception cref="InvalidOptionException">Fewer than 2 folds, or fewer distinct key values than folds (the
    /// message names the column and lists the values).</exception>
    /// <exception cref="SchemaMismatchException">The key column is not text or int, or the label or score column is
    /// not a float[J,3] pose.</exception>
    public static PoseCrossValidationResult<PoseMetricsReport> CrossValidatePoses(this RegressionCatalog catalog, IDataView data,
        IEstimator<ITransformer> estimator, int numberOfFolds = 5, string labelColumnName = PoseColumns.Pose3D,
        string scoreColumnName = PoseColumns.PredictedPose3D, string samplingKeyColumnName = PoseColumns.Subject, int? seed = null,
        PoseEvaluationOptions? evaluationOptions = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(estimator);
        CheckPoseColumns(data.Schema, estimator.GetOutputSchema(SchemaShapes.Of(data.Schema)), labelColumnName, scoreColumnName);
        return catalog.CrossValidatePoses(data, estimator,
            scored => PoseEvaluation.Evaluate(scored, scoreColumnName, labelColumnName, evaluationOptions), r => r.ToMetricValues(),
            numberOfFolds, samplingKeyColumnName, seed);
    }

    /// <summary>K-fold cross-validation by <paramref name="samplingKeyColumnName"/> with any evaluation:
    /// <paramref name="evaluate"/> reads each fold's scored rows, <paramref name="metricValues"/> names the numbers
    /// to summarise as mean ± std. Folds as in the pose overload.</summary>
    /// <exception cref="InvalidOptionException">Fewer than 2 folds, or fewer distinct key values than folds.</exception>
    /// <exception cref="SchemaMismatchException">The key column is not text or int.</exception>
    public static PoseCrossValidationResult<TMetrics> CrossValidatePoses<TMetrics>(this RegressionCatalog catalog, IDataView data,
        IEstimator<ITransformer> estimator, Func<IDataView, TMetrics> evaluate, Func<TMetrics, IReadOnlyDictionary<string, double>> metricValues,
        int numberOfFolds = 5, string samplingKeyColumnName = PoseColumns.Subject, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(estimator);
        _ = estimator.GetOutputSchema(SchemaShapes.Of(data.Schema)); // fail before reading data
        var run = PoseRun.For(catalog, "CrossValidate");
        return FoldRunner.Run(data, estimator.Fit, evaluate, metricValues, numberOfFolds, samplingKeyColumnName, seed ?? run.NextSeed(), run);
    }

    /// <summary>Checks, from schemas alone, that the label is a float[J,3] pose and the estimator writes a float
    /// vector score column.</summary>
    internal static void CheckPoseColumns(DataViewSchema input, SchemaShape output, string labelColumnName, string scoreColumnName)
    {
        const string expected = "a 3D pose float[J,3] (mm)";
        var label = input.GetColumnOrNull(labelColumnName)
            ?? throw new SchemaMismatchException(labelColumnName, $"missing; expected {expected} (columns present: {string.Join(", ", input.Where(c => !c.IsHidden).Select(c => c.Name))})");
        if (label.Type is not VectorDataViewType { IsKnownSize: true } v || v.ItemType != NumberDataViewType.Single
            || v.Dimensions.Length != 2 || v.Dimensions[1] != 3)
            throw new SchemaMismatchException(labelColumnName, $"expected {expected}, found {PoseColumnTypes.Describe(label.Type)}");
        PoseColumnTypes.RequireFloatVector(output, scoreColumnName, v.Dimensions[0], 3);
    }
}
