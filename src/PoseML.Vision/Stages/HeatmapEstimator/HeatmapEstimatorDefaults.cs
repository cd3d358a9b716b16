using PoseML.Data;

namespace PoseML.Vision.Stages.HeatmapEstimator;

/// <summary>Default settings of the heatmap estimator, shared by its options and catalog method. The network defaults
/// are the small configuration that trains on two CPU cores in minutes (2 stacks, width 64, 128×128 input); the paper's
/// network is 8 stacks, width 256, 256×256 input.</summary>
public static class HeatmapEstimatorDefaults
{
    /// <summary>The image column read, float[3,S,S] (RGB, CHW, [0,1]).</summary>
    public const string ImageColumnName = PoseColumns.Image;

    /// <summary>The training keypoints, float[J,2] in original image pixels (NaN where unknown).</summary>
    public const string KeypointsColumnName = PoseColumns.Keypoints2D;

    /// <summary>The training visibility, float[J] (1 labelled, 0 unknown).</summary>
    public const string VisibilityColumnName = "Visibility";

    /// <summary>The crop-to-image mapping of each row, float[4] = (ScaleX, ScaleY, OffsetX, OffsetY).</summary>
    public const string MappingColumnName = "CropToImage";

    /// <summary>The heatmap column written, float[J,S/4,S/4].</summary>
    public const string OutputColumnName = PoseColumns.Heatmaps;

    /// <summary>Hourglasses.</summary>
    public const int Stacks = 2;

    /// <summary>Feature channels.</summary>
    public const int Width = 64;

    /// <summary>Down-sampling levels per hourglass.</summary>
    public const int Depth = 4;

    /// <summary>Image side S.</summary>
    public const int InputSize = 128;

    /// <summary>Standard deviation of the Gaussian target maps, in heatmap pixels. Newell et al. use 1 at 64×64 maps; at the
    /// default 32×32 maps σ = 1 left the network at the all-zero prediction after 3 epochs of 500 rendered images (measured,
    /// lr 1e-3), while σ = 2 with lr 2e-3 learnt within 8 epochs (4 minutes on one core: 15 vs the crop centre's 26 crop
    /// pixels mean error on a held-out subject).</summary>
    public const float Sigma = 2;

    /// <summary>Passes over the training data.</summary>
    public const int Epochs = 10;

    /// <summary>Images per optimisation step.</summary>
    public const int BatchSize = 16;

    /// <summary>Adam learning rate (see <see cref="Sigma"/>).</summary>
    public const float LearningRate = 2e-3f;

    /// <summary>Rows held by the shuffling pool (memory: rows · 3·S² floats).</summary>
    public const int ShufflePoolSize = 256;

    /// <summary>Images per forward pass when transforming.</summary>
    public const int InferenceBatchSize = 32;

    /// <summary>The libtorch device.</summary>
    public const string Device = "cpu";
}
