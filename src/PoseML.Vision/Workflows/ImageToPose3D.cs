using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.Data;
using PoseML.MLNet;
using PoseML.Stages.DomainConversion;
using PoseML.Vision.Images;

namespace PoseML.Vision.Workflows;

/// <summary>The image → 3D pipeline of Deep Pose Consensus Networks' "Case 2" as one ML.NET model: a fitted heatmap
/// estimator (<c>mlContext.Transforms.EstimateHeatmaps</c>), <c>ConvertHeatmapsToKeypoints</c> (softmax soft-argmax,
/// heatmap → crop → original image pixels through the per-row <see cref="ImageColumns.CropToImage"/>), and a fitted 2D→3D
/// lifting model (<c>DeepPoseConsensus</c> or <c>Martinez</c>) that reads the estimated keypoints. The lifters are trained
/// on ground-truth 2D (<see cref="ForLifterTraining"/>) and applied to estimated 2D. The result is a
/// <see cref="TransformerChain{TLastTransformer}"/> that <c>mlContext.Model.Save</c> writes and <c>Model.Load</c> reads back.</summary>
public static class ImageToPose3D
{
    /// <summary>The column the composed pipeline writes the estimated 2D keypoints to (float[J,2], original image pixels),
    /// leaving a ground-truth <c>Keypoints2D</c> of the input untouched.</summary>
    public const string EstimatedKeypointsColumnName = "EstimatedKeypoints2D";

    /// <summary>The column of the estimated keypoints' heatmap confidences (float[J]).</summary>
    public const string EstimatedConfidenceColumnName = "EstimatedConfidence";

    /// <summary>Default inverse temperature β of the softmax soft-argmax. Trained maps peak well below 1 over a near-zero
    /// background, so β = 1 spreads the softmax over the whole map and pulls every keypoint towards its centre; a large β
    /// keeps the weight on the peak. Measured (docs/results.md "Case 2: images", 64×64 images, 16×16 maps): mean 2D error
    /// 87 px at β = 1, 26.0 px at 10, 26.4 px at 30, 28.4 px at 100.</summary>
    public const float DefaultBeta = 10;

    /// <summary>Lifter training data: <paramref name="poses"/> with its ground-truth <c>Keypoints2D</c> copied to
    /// <paramref name="keypointsColumnName"/>, the column a lifter for <see cref="Compose"/> reads (set the lifter's
    /// <c>InputColumnName</c> to it).</summary>
    public static IDataView ForLifterTraining(MLContext mlContext, IDataView poses, string keypointsColumnName = EstimatedKeypointsColumnName)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(poses);
        if (keypointsColumnName == PoseColumns.Keypoints2D) return poses;
        if (RequireShape(poses.Schema, PoseColumns.Keypoints2D, 2)[1] != 2)
            throw new SchemaMismatchException(PoseColumns.Keypoints2D, $"expected float[J,2] 2D keypoints, found {PoseColumnTypes.Describe(poses.Schema[PoseColumns.Keypoints2D].Type)}");
        return mlContext.Transforms.CopyColumns(keypointsColumnName, PoseColumns.Keypoints2D).Fit(poses).Transform(poses);
    }

    /// <summary>Composes heatmaps → keypoints in original pixels (written to <paramref name="keypointsColumnName"/>) →
    /// <paramref name="lifter"/>. <paramref name="imageSchema"/> is the schema of the image rows the model will read
    /// (Image float[3,S,S] and CropToImage float[4]); the heatmap-to-crop scale S/H is read from it and the heatmaps'
    /// shape. <paramref name="lifter"/> must read <paramref name="keypointsColumnName"/>; the keypoints' heatmap confidences go to
    /// <paramref name="confidenceColumnName"/> (a consensus fitted on rows with a Confidence column weighs joints by it: pass
    /// <c>Confidence</c> for such a lifter, e.g. one of <c>poseml train</c>). <paramref name="beta"/> is the softmax's inverse temperature.</summary>
    /// <exception cref="SchemaMismatchException">The image rows or the heatmaps lack a column or have the wrong shape.</exception>
    public static TransformerChain<ITransformer> Compose(MLContext mlContext, ITransformer heatmaps, ITransformer lifter, DataViewSchema imageSchema,
        string keypointsColumnName = EstimatedKeypointsColumnName, string confidenceColumnName = EstimatedConfidenceColumnName, float beta = DefaultBeta)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(heatmaps);
        ArgumentNullException.ThrowIfNull(lifter);
        ArgumentNullException.ThrowIfNull(imageSchema);
        var image = RequireShape(imageSchema, ImageColumns.Image, 3);
        RequireShape(imageSchema, ImageColumns.CropToImage, 1);
        var mapped = heatmaps.GetOutputSchema(imageSchema);
        var maps = RequireShape(mapped, PoseColumns.Heatmaps, 3);
        if (image[1] % maps[1] != 0 || image[2] % maps[2] != 0)
            throw new SchemaMismatchException(PoseColumns.Heatmaps, $"heatmaps {maps[1]}×{maps[2]} do not divide the {image[1]}×{image[2]} image");
        var convert = mlContext.Transforms.ConvertHeatmapsToKeypoints(new DomainConversionOptions
        {
            OutputColumnName = keypointsColumnName,
            ConfidenceColumnName = confidenceColumnName,
            Normalization = HeatmapNormalization.Softmax,
            Beta = beta,
            ScaleX = image[2] / maps[2],
            ScaleY = image[1] / maps[1],
            MappingColumnName = ImageColumns.CropToImage,
        }).Fit(new EmptyDataView(mapped));
        lifter.GetOutputSchema(convert.GetOutputSchema(mapped)); // fails early, naming the column, if the lifter cannot read the keypoints
        return new TransformerChain<ITransformer>(heatmaps, convert, lifter);
    }

    /// <summary>Fits <paramref name="lifter"/> (e.g. <c>mlContext.Transforms.Martinez(…)</c> with its <c>InputColumnName</c> set to
    /// <see cref="EstimatedKeypointsColumnName"/>) on the ground-truth 2D of <paramref name="poses"/> (Keypoints2D, Pose3D) and
    /// composes it after <paramref name="heatmaps"/> (see <see cref="Compose"/>).</summary>
    public static TransformerChain<ITransformer> Fit<TLifter>(MLContext mlContext, ITransformer heatmaps, IEstimator<TLifter> lifter, IDataView poses, DataViewSchema imageSchema)
        where TLifter : ITransformer
    {
        ArgumentNullException.ThrowIfNull(lifter);
        var fitted = lifter.Fit(ForLifterTraining(mlContext, poses));
        return Compose(mlContext, heatmaps, fitted, imageSchema);
    }

    /// <summary>The image side S a model reads: the Image float[3,S,S] column of its input schema (from <c>Model.Load</c>).</summary>
    /// <exception cref="SchemaMismatchException">The schema has no square Image column.</exception>
    public static int ImageSize(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var image = RequireShape(inputSchema, ImageColumns.Image, 3);
        if (image[0] != 3 || image[1] != image[2]) throw new SchemaMismatchException(ImageColumns.Image, $"expected float[3,S,S] images, found float[{string.Join(',', image)}]");
        return image[1];
    }

    /// <summary>The column a composed model writes its estimated keypoints to: <see cref="EstimatedKeypointsColumnName"/> when its
    /// output has it, otherwise <c>Keypoints2D</c> (a model composed with a lifter that reads Keypoints2D, e.g. one of <c>poseml train</c>).</summary>
    public static string KeypointsColumn(ITransformer model, DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.GetOutputSchema(inputSchema).GetColumnOrNull(EstimatedKeypointsColumnName) is not null ? EstimatedKeypointsColumnName : PoseColumns.Keypoints2D;
    }

    private static int[] RequireShape(DataViewSchema schema, string column, int rank)
    {
        var col = schema.GetColumnOrNull(column) ?? throw new SchemaMismatchException(column, "missing column");
        if (col.Type is not VectorDataViewType { ItemType: NumberDataViewType n } v || n.RawType != typeof(float) || v.Dimensions.Length != rank || v.Dimensions.Any(d => d <= 0))
            throw new SchemaMismatchException(column, $"expected a float vector of {rank} known dimension(s), found {PoseColumnTypes.Describe(col.Type)}");
        return [.. v.Dimensions];
    }
}
