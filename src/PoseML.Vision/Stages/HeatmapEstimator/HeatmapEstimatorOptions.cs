using PoseML.Core;
using PoseML.MLNet;
using PoseML.Vision.Networks.Hourglass;

namespace PoseML.Vision.Stages.HeatmapEstimator;

/// <summary>Options of the heatmap estimator (<see cref="HeatmapEstimator"/>): columns, the stacked hourglass's size
/// and the training schedule.</summary>
public sealed record HeatmapEstimatorOptions
{
    /// <summary>The image column, float[3,S,S] with S = <see cref="InputSize"/>.</summary>
    public string ImageColumnName { get; init; } = HeatmapEstimatorDefaults.ImageColumnName;

    /// <summary>The training keypoints, float[J,2] in original image pixels.</summary>
    public string KeypointsColumnName { get; init; } = HeatmapEstimatorDefaults.KeypointsColumnName;

    /// <summary>The training visibility, float[J]; joints with 0 (or NaN keypoints) do not enter the loss.</summary>
    public string VisibilityColumnName { get; init; } = HeatmapEstimatorDefaults.VisibilityColumnName;

    /// <summary>The crop-to-image mapping, float[4], taking the S×S image's pixels to original image pixels.</summary>
    public string MappingColumnName { get; init; } = HeatmapEstimatorDefaults.MappingColumnName;

    /// <summary>The heatmap column written, float[J,S/4,S/4].</summary>
    public string OutputColumnName { get; init; } = HeatmapEstimatorDefaults.OutputColumnName;

    /// <summary>Hourglasses, each supervised.</summary>
    [Range(1, 8)]
    public int Stacks { get; init; } = HeatmapEstimatorDefaults.Stacks;

    /// <summary>Feature channels (even).</summary>
    [Range(8, 256, log: true)]
    public int Width { get; init; } = HeatmapEstimatorDefaults.Width;

    /// <summary>Down-sampling levels per hourglass; S must be a multiple of 4·2^Depth.</summary>
    [Range(1, 4)]
    public int Depth { get; init; } = HeatmapEstimatorDefaults.Depth;

    /// <summary>Image side S (the image column must be float[3,S,S]); heatmaps are S/4.</summary>
    [Range(32, 256)]
    public int InputSize { get; init; } = HeatmapEstimatorDefaults.InputSize;

    /// <summary>Gaussian target standard deviation, heatmap pixels.</summary>
    [Range(0.5, 4.0)]
    public float Sigma { get; init; } = HeatmapEstimatorDefaults.Sigma;

    /// <summary>Passes over the training data.</summary>
    [Range(1, 500)]
    public int Epochs { get; init; } = HeatmapEstimatorDefaults.Epochs;

    /// <summary>Images per optimisation step.</summary>
    [Range(1, 128, log: true)]
    public int BatchSize { get; init; } = HeatmapEstimatorDefaults.BatchSize;

    /// <summary>Adam learning rate.</summary>
    [Range(1e-5, 1e-2, log: true)]
    public float LearningRate { get; init; } = HeatmapEstimatorDefaults.LearningRate;

    /// <summary>Rows of the seeded shuffling pool (1: no shuffling).</summary>
    [Range(1, 4096, log: true)]
    public int ShufflePoolSize { get; init; } = HeatmapEstimatorDefaults.ShufflePoolSize;

    /// <summary>Images per forward pass when transforming.</summary>
    public int InferenceBatchSize { get; init; } = HeatmapEstimatorDefaults.InferenceBatchSize;

    /// <summary>The seed of weight initialisation and shuffling; null takes the next seed of the <c>MLContext</c>.</summary>
    public int? Seed { get; init; }

    /// <summary>The libtorch device: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (needs a CUDA libtorch package and a GPU).</summary>
    public string Device { get; init; } = HeatmapEstimatorDefaults.Device;

    /// <summary>libtorch's intra-op threads while training (process-wide; 0 leaves libtorch's setting, one per core). On a
    /// machine shared with other busy processes 1 is much faster than oversubscribed spinning threads (docs/benchmarks.md).</summary>
    public int Threads { get; init; }

    /// <summary>The network shape for <paramref name="joints"/> joints.</summary>
    public HourglassShape Shape(int joints) => new(Stacks, Width, Depth, InputSize, joints);

    /// <summary>Checks every option.</summary>
    /// <exception cref="InvalidOptionException">An option is out of range.</exception>
    public void Validate()
    {
        foreach (var (name, value) in new[] { (nameof(ImageColumnName), ImageColumnName), (nameof(KeypointsColumnName), KeypointsColumnName),
                     (nameof(VisibilityColumnName), VisibilityColumnName), (nameof(MappingColumnName), MappingColumnName), (nameof(OutputColumnName), OutputColumnName) })
        {
            if (string.IsNullOrWhiteSpace(value)) throw new InvalidOptionException(name, "must name a column");
        }
        Shape(1).Validate();
        if (!(Sigma > 0) || !float.IsFinite(Sigma)) throw new InvalidOptionException(nameof(Sigma), $"must be finite and > 0, got {Sigma}");
        if (Epochs < 1) throw new InvalidOptionException(nameof(Epochs), $"must be ≥ 1, got {Epochs}");
        if (BatchSize < 1) throw new InvalidOptionException(nameof(BatchSize), $"must be ≥ 1, got {BatchSize}");
        if (!(LearningRate > 0) || !float.IsFinite(LearningRate)) throw new InvalidOptionException(nameof(LearningRate), $"must be finite and > 0, got {LearningRate}");
        if (ShufflePoolSize < 1) throw new InvalidOptionException(nameof(ShufflePoolSize), $"must be ≥ 1, got {ShufflePoolSize}");
        if (InferenceBatchSize < 1) throw new InvalidOptionException(nameof(InferenceBatchSize), $"must be ≥ 1, got {InferenceBatchSize}");
        if (Threads < 0) throw new InvalidOptionException(nameof(Threads), $"must be ≥ 0 (0: libtorch's default), got {Threads}");
        TorchDevices.Parse(Device);
    }
}
