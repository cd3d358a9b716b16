using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Evaluation;
using PoseML.Evaluation.Protocols;
using PoseML.Pipeline.Catalogs;
using PoseML.Stages.RarePose;

namespace PoseML.Pipeline;

/// <summary>The evaluation protocols on the dialect's <c>ctx.Evaluation</c>, kept until the dialect is deleted; the
/// ML.NET versions are <see cref="PoseML.MLNet.Evaluation.PoseProtocolExtensions"/> (DESIGN.md §6): Rare Pose, Cross Action and Cross Dataset.
/// Each returns the standard metrics table (<see cref="PoseMetricsReport"/>: MPJPE, PA-MPJPE, N-MPJPE, PCK, AUC, per
/// joint, per action).</summary>
public static class ProtocolCatalog
{
    /// <summary>Rare Pose Protocol (SRNet §4.2): the metrics of <paramref name="predictedColumnName"/> against
    /// <paramref name="labelColumnName"/> on the <paramref name="percent"/> % of rows whose ground-truth pose has the
    /// lowest occurrence (<c>ceil(R·N/100)</c> rows), measured in the scored data itself (the paper) or in
    /// <paramref name="reference"/> (e.g. the training set).</summary>
    public static PoseMetricsReport RarePose(this EvaluationCatalog catalog, IDataView scored, double percent = Stages.RarePose.Defaults.RarePercent,
        string labelColumnName = PoseColumns.Pose3D, string predictedColumnName = PoseColumns.PredictedPose3D,
        IDataView? reference = null, OccurrenceMode mode = Stages.RarePose.Defaults.Mode) =>
        catalog.RarePose(scored, new RarePoseProtocolOptions
        {
            Percent = percent, Reference = reference, Scoring = new RarePoseOptions { Mode = mode, InputColumnName = labelColumnName },
        }, labelColumnName, predictedColumnName);

    /// <summary>Rare Pose Protocol with every option (scorer σ and grid, evaluation options).</summary>
    public static PoseMetricsReport RarePose(this EvaluationCatalog catalog, IDataView scored, RarePoseProtocolOptions options,
        string labelColumnName = PoseColumns.Pose3D, string predictedColumnName = PoseColumns.PredictedPose3D)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return RarePoseProtocol.Evaluate(scored, predictedColumnName, labelColumnName, options);
    }

    /// <summary>Cross Action Protocol: fits <paramref name="estimator"/> on the rows of action <paramref name="trainAction"/>
    /// (and its takes) of the training subjects, scores every action of the test subjects, and evaluates
    /// <paramref name="predictedColumnName"/> against <paramref name="labelColumnName"/>. Null subject lists mean all subjects.</summary>
    public static PoseMetricsReport CrossAction(this EvaluationCatalog catalog, IDataView data, IEstimator<ITransformer> estimator, string trainAction,
        IReadOnlyCollection<string>? trainSubjects = null, IReadOnlyCollection<string>? testSubjects = null,
        string labelColumnName = PoseColumns.Pose3D, string predictedColumnName = PoseColumns.PredictedPose3D)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(estimator);
        var (train, test) = CrossActionProtocol.Split(data, trainAction, trainSubjects, testSubjects);
        return FitAndEvaluate(catalog, estimator, train, test, labelColumnName, predictedColumnName);
    }

    /// <summary>Cross Dataset Protocol: fits <paramref name="estimator"/> on <paramref name="source"/> (e.g. Human3.6M) and
    /// evaluates it on <paramref name="target"/> (e.g. MPI-INF-3DHP or the CMU sample). Both must have the columns the
    /// pipeline reads and the same skeleton.</summary>
    public static PoseMetricsReport CrossDataset(this EvaluationCatalog catalog, IDataView source, IDataView target, IEstimator<ITransformer> estimator,
        string labelColumnName = PoseColumns.Pose3D, string predictedColumnName = PoseColumns.PredictedPose3D)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(estimator);
        CrossDatasetProtocol.CheckSameSkeleton(source, target, labelColumnName);
        return FitAndEvaluate(catalog, estimator, source, target, labelColumnName, predictedColumnName);
    }

    private static PoseMetricsReport FitAndEvaluate(EvaluationCatalog catalog, IEstimator<ITransformer> estimator, IDataView train, IDataView test,
        string labelColumnName, string predictedColumnName)
    {
        var model = estimator.Fit(train);
        catalog.Context.ThrowIfCancellationRequested();
        return PoseEvaluation.Evaluate(model.Transform(test), predictedColumnName, labelColumnName);
    }
}
