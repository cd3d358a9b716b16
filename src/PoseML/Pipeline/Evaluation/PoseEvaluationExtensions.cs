using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.Evaluation;

namespace PoseML.Pipeline.Evaluation;

/// <summary>PoseML's 3D pose metrics on ML.NET's regression catalog: <c>mlContext.Regression.EvaluatePoses(scored)</c>
/// for the output of any pipeline (ML.NET built-ins or PoseML stages) that writes a predicted pose column.</summary>
public static class PoseEvaluationExtensions
{
    /// <summary>The standard metrics table (MPJPE, PA-MPJPE, N-MPJPE, PCK, AUC, per joint, per action, velocity
    /// error) of <paramref name="scoreColumnName"/> against <paramref name="labelColumnName"/>, both float[J,3] (mm),
    /// over every row of <paramref name="scored"/>, in one streaming pass (the same computation as
    /// <see cref="PoseEvaluation.Evaluate(Microsoft.ML.IDataView, string, string, PoseEvaluationOptions?)"/>).
    /// Action groups the per-action table when present; Subject, Action, Camera and Frame define the sequences of the
    /// velocity error.</summary>
    /// <exception cref="SchemaMismatchException">A column is missing, is not float[J,3], or the joint counts differ.</exception>
    /// <exception cref="DataFormatException">A non-finite coordinate (see <see cref="PoseEvaluationOptions.SkipMissingJoints"/>).</exception>
    public static PoseMetricsReport EvaluatePoses(this RegressionCatalog catalog, IDataView scored,
        string labelColumnName = PoseColumns.Pose3D, string scoreColumnName = PoseColumns.PredictedPose3D,
        PoseEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(scored);
        return PoseEvaluation.Evaluate(scored, scoreColumnName, labelColumnName, options);
    }
}
