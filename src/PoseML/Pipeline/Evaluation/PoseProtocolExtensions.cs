using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.Evaluation;
using PoseML.Evaluation.Protocols;
using PoseML.Stages.RarePose;
using PoseML.MLNet;

namespace PoseML.Pipeline.Evaluation;

/// <summary>The evaluation protocols of DESIGN.md §6 on ML.NET's regression catalog: Rare Pose
/// (<c>mlContext.Regression.EvaluateRarePoses</c>), Cross Action (<c>CrossActionPoses</c>) and Cross Dataset
/// (<c>CrossDatasetPoses</c>). Each returns the standard metrics table (<see cref="PoseMetricsReport"/>: MPJPE,
/// PA-MPJPE, N-MPJPE, PCK, AUC, per joint, per action) and works with any ML.NET estimator that writes a
/// predicted pose column.</summary>
public static class PoseProtocolExtensions
{
    /// <summary>Rare Pose Protocol (SRNet §4.2): the metrics of <paramref name="scoreColumnName"/> against
    /// <paramref name="labelColumnName"/> on the <paramref name="percent"/> % of rows whose ground-truth pose has the
    /// lowest occurrence (<c>ceil(R·N/100)</c> rows), measured in the scored data itself (the paper) or in
    /// <paramref name="reference"/> (e.g. the training set).</summary>
    /// <exception cref="SchemaMismatchException">A pose column is missing or not float[J,3].</exception>
    public static PoseMetricsReport EvaluateRarePoses(this RegressionCatalog catalog, IDataView scored, double percent = RarePoseDefaults.RarePercent,
        string labelColumnName = PoseColumns.Pose3D, string scoreColumnName = PoseColumns.PredictedPose3D,
        IDataView? reference = null, OccurrenceMode mode = RarePoseDefaults.Mode) =>
        catalog.EvaluateRarePoses(scored, new RarePoseProtocolOptions
        {
            Percent = percent, Reference = reference, Scoring = new RarePoseOptions { Mode = mode, InputColumnName = labelColumnName },
        }, labelColumnName, scoreColumnName);

    /// <summary>Rare Pose Protocol with every option (scorer σ and grid, evaluation options).</summary>
    public static PoseMetricsReport EvaluateRarePoses(this RegressionCatalog catalog, IDataView scored, RarePoseProtocolOptions options,
        string labelColumnName = PoseColumns.Pose3D, string scoreColumnName = PoseColumns.PredictedPose3D)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(options);
        return RarePoseProtocol.Evaluate(scored, scoreColumnName, labelColumnName, options);
    }

    /// <summary>Cross Action Protocol: fits <paramref name="estimator"/> on the rows of action <paramref name="trainAction"/>
    /// (and its takes) of the training subjects, scores every action of the test subjects, and evaluates
    /// <paramref name="scoreColumnName"/> against <paramref name="labelColumnName"/>. Null subject lists mean all subjects.</summary>
    public static PoseMetricsReport CrossActionPoses(this RegressionCatalog catalog, IDataView data, IEstimator<ITransformer> estimator, string trainAction,
        IReadOnlyCollection<string>? trainSubjects = null, IReadOnlyCollection<string>? testSubjects = null,
        string labelColumnName = PoseColumns.Pose3D, string scoreColumnName = PoseColumns.PredictedPose3D)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(estimator);
        var (train, test) = CrossActionProtocol.Split(data, trainAction, trainSubjects, testSubjects);
        return FitAndEvaluate(PoseRun.For(catalog, "CrossAction"), estimator, train, test, labelColumnName, scoreColumnName);
    }

    /// <summary>Cross Dataset Protocol: fits <paramref name="estimator"/> on <paramref name="source"/> (e.g. Human3.6M) and
    /// evaluates it on <paramref name="target"/> (e.g. MPI-INF-3DHP or the CMU sample). Both must have the columns the
    /// pipeline reads and the same skeleton.</summary>
    /// <exception cref="SchemaMismatchException">The label columns differ in type (joint count).</exception>
    public static PoseMetricsReport CrossDatasetPoses(this RegressionCatalog catalog, IDataView source, IDataView target, IEstimator<ITransformer> estimator,
        string labelColumnName = PoseColumns.Pose3D, string scoreColumnName = PoseColumns.PredictedPose3D)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(estimator);
        CrossDatasetProtocol.CheckSameSkeleton(source, target, labelColumnName);
        return FitAndEvaluate(PoseRun.For(catalog, "CrossDataset"), estimator, source, target, labelColumnName, scoreColumnName);
    }

    private static PoseMetricsReport FitAndEvaluate(PoseRunContext run, IEstimator<ITransformer> estimator, IDataView train, IDataView test,
        string labelColumnName, string scoreColumnName)
    {
        run.ThrowIfCancellationRequested();
        var model = estimator.Fit(train);
        run.ThrowIfCancellationRequested();
        return PoseEvaluation.Evaluate(model.Transform(test), scoreColumnName, labelColumnName);
    }
}
