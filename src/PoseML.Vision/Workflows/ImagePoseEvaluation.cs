using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.Data;
using PoseML.Evaluation;
using PoseML.Vision.Images;

namespace PoseML.Vision.Workflows;

/// <summary>What <see cref="ImagePoseEvaluation.Evaluate"/> measured on labelled images.</summary>
/// <param name="Images">Rows evaluated.</param>
/// <param name="Fraction">The PCK threshold as a fraction of the reference size.</param>
/// <param name="Head">2D: pixel error and PCK at <paramref name="Fraction"/> × head size (PCKh), per joint and overall.</param>
/// <param name="Torso">2D: the same errors, PCK at <paramref name="Fraction"/> × torso size.</param>
/// <param name="EstimatedTwoD">3D from the estimated 2D (Deep Pose Consensus Networks' "Case 2").</param>
/// <param name="TrueTwoD">3D from the ground-truth 2D of the same rows by the model's lifting part ("Case 1").</param>
public sealed record ImagePoseReport(int Images, double Fraction, Keypoint2DScores Head, Keypoint2DScores Torso, PoseMetricsReport EstimatedTwoD, PoseMetricsReport TrueTwoD);

/// <summary>Evaluates an image → 3D model (<see cref="ImageToPose3D"/>) on labelled images (Keypoints2D, Visibility, Pose3D,
/// e.g. held-out rendered subjects): 2D accuracy of its keypoints (<see cref="Keypoint2DMetrics"/>), and MPJPE / PA-MPJPE
/// of its 3D poses from the estimated 2D (Case 2) against its lifting part applied to the true 2D (Case 1).</summary>
public static class ImagePoseEvaluation
{
    private const string TrueKeypoints = "TrueKeypoints2D";

    /// <summary>Runs <paramref name="model"/> (a <see cref="TransformerChain{TLastTransformer}"/> whose last part is the
    /// lifting model reading <paramref name="keypointsColumnName"/>; null: <see cref="ImageToPose3D.KeypointsColumn"/>) over
    /// <paramref name="labelled"/> once and scores it.</summary>
    /// <exception cref="SchemaMismatchException">A label column is missing, or the model is not a chain ending in a lifter.</exception>
    public static ImagePoseReport Evaluate(MLContext mlContext, ITransformer model, IDataView labelled,
        string? keypointsColumnName = null, double fraction = 0.5)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(labelled);
        if (model is not TransformerChain<ITransformer> chain || chain.LastTransformer is null)
            throw new SchemaMismatchException(PoseColumns.PredictedPose3D, "expected an image → 3D model: a TransformerChain whose last part lifts 2D to 3D");
        foreach (var c in new[] { PoseColumns.Keypoints2D, ImageColumns.Visibility, PoseColumns.Pose3D })
        {
            if (labelled.Schema.GetColumnOrNull(c) is null) throw new SchemaMismatchException(c, "missing label column; evaluation needs labelled images (Keypoints2D, Visibility, Pose3D)");
        }
        keypointsColumnName ??= ImageToPose3D.KeypointsColumn(model, labelled.Schema);
        var withTruth = mlContext.Transforms.CopyColumns(TrueKeypoints, PoseColumns.Keypoints2D).Fit(labelled).Transform(labelled);
        var scored = model.Transform(withTruth);
        var keep = new[] { keypointsColumnName, TrueKeypoints, ImageColumns.Visibility, PoseColumns.Pose3D, PoseColumns.PredictedPose3D,
            PoseColumns.Subject, PoseColumns.Action, PoseColumns.Camera, PoseColumns.Frame }.Where(c => scored.Schema.GetColumnOrNull(c) is not null).ToArray();
        var cached = mlContext.Data.Cache(mlContext.Transforms.SelectColumns(keep).Fit(scored).Transform(scored)); // one pass over the images

        var estimated = Floats(cached, keypointsColumnName);
        var truth = Floats(cached, TrueKeypoints);
        var visibility = Floats(cached, ImageColumns.Visibility);
        var joints = visibility.Length == 0 ? 0 : ((VectorDataViewType)cached.Schema[ImageColumns.Visibility].Type).Size;
        if (joints == 0) throw new SchemaMismatchException(ImageColumns.Visibility, "no rows to evaluate");
        var head = Keypoint2DMetrics.Score(estimated, truth, visibility, Keypoint2DMetrics.HeadSizes(truth, joints), fraction, joints);
        var torso = Keypoint2DMetrics.Score(estimated, truth, visibility, Keypoint2DMetrics.TorsoSizes(truth, joints), fraction, joints);
        var options = new PoseEvaluationOptions { SkipMissingJoints = true };
        var case2 = PoseEvaluation.Evaluate(cached, PoseColumns.PredictedPose3D, PoseColumns.Pose3D, options);

        var poses = mlContext.Transforms.DropColumns(ImageColumns.Image).Fit(labelled).Transform(labelled);
        if (poses.Schema.GetColumnOrNull(PoseColumns.Confidence) is null) // a lifter whose consensus weighs joints reads Confidence: the true 2D is as sure as it is labelled
            poses = mlContext.Transforms.CopyColumns(PoseColumns.Confidence, ImageColumns.Visibility).Fit(poses).Transform(poses);
        var case1 = PoseEvaluation.Evaluate(chain.LastTransformer.Transform(ImageToPose3D.ForLifterTraining(mlContext, poses, keypointsColumnName)),
            PoseColumns.PredictedPose3D, PoseColumns.Pose3D, options);
        return new ImagePoseReport(visibility.Length / joints, fraction, head, torso, case2, case1);
    }

    private static float[] Floats(IDataView view, string column)
    {
        var col = view.Schema[column];
        var values = new List<float>();
        using var cursor = view.GetRowCursor([col]);
        var getter = cursor.GetGetter<VBuffer<float>>(col);
        var buffer = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            foreach (var v in buffer.DenseValues()) values.Add(v);
        }
        return [.. values];
    }
}
