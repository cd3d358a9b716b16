using PoseML.Core;

namespace PoseML.Stages.DomainConversion;

/// <summary>Options of the domain conversion stage (<see cref="DomainConversionEstimator"/>).</summary>
public sealed record DomainConversionOptions
{
    /// <summary>The heatmap column, float[J,H,W].</summary>
    public string InputColumnName { get; init; } = DomainConversionDefaults.InputColumnName;

    /// <summary>The keypoint column written, float[J,2] in image pixels (x, y).</summary>
    public string OutputColumnName { get; init; } = DomainConversionDefaults.OutputColumnName;

    /// <summary>The confidence column written (each map's peak value clamped to [0, 1]; 0 where the keypoint is NaN);
    /// null writes none.</summary>
    public string? ConfidenceColumnName { get; init; } = DomainConversionDefaults.ConfidenceColumnName;

    /// <summary>Soft-argmax (default) or argmax.</summary>
    public DomainConversionMethod Method { get; init; } = DomainConversionDefaults.Method;

    /// <summary>Soft-argmax normalisation: Sum (the paper) or Softmax.</summary>
    public HeatmapNormalization Normalization { get; init; } = DomainConversionDefaults.Normalization;

    /// <summary>Softmax inverse temperature β.</summary>
    public float Beta { get; init; } = DomainConversionDefaults.Beta;

    /// <summary>Image pixels per heatmap pixel along x (see <see cref="HeatmapImageMapping"/> for the pixel-centre convention).</summary>
    public float ScaleX { get; init; } = 1;

    /// <summary>Image pixels per heatmap pixel along y.</summary>
    public float ScaleY { get; init; } = 1;

    /// <summary>Image x of the heatmap region's top-left pixel centre.</summary>
    public float OffsetX { get; init; }

    /// <summary>Image y of the heatmap region's top-left pixel centre.</summary>
    public float OffsetY { get; init; }

    /// <summary>An optional per-row float[4] column (ScaleX, ScaleY, OffsetX, OffsetY) in <see cref="HeatmapImageMapping"/>'s
    /// convention, applied after the heatmap mapping above: e.g. <c>CropToImage</c> of image data, taking crop pixels to
    /// the original image's pixels, with <see cref="ScaleX"/>/<see cref="ScaleY"/> = 4 taking heatmap pixels to crop pixels.
    /// Null (default): keypoints stay in the coordinates of the options' mapping.</summary>
    public string? MappingColumnName { get; init; }

    /// <summary>The heatmap-to-image mapping these options describe.</summary>
    public HeatmapImageMapping Mapping => new(ScaleX, ScaleY, OffsetX, OffsetY);

    /// <summary>Checks every option.</summary>
    /// <exception cref="InvalidOptionException">An option is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(InputColumnName)) throw new InvalidOptionException(nameof(InputColumnName), "must name a column");
        if (string.IsNullOrWhiteSpace(OutputColumnName)) throw new InvalidOptionException(nameof(OutputColumnName), "must name a column");
        if (ConfidenceColumnName is not null && (string.IsNullOrWhiteSpace(ConfidenceColumnName) || ConfidenceColumnName == OutputColumnName))
            throw new InvalidOptionException(nameof(ConfidenceColumnName), "must name a column other than the output, or be null");
        if (MappingColumnName is not null && (string.IsNullOrWhiteSpace(MappingColumnName) || MappingColumnName == InputColumnName))
            throw new InvalidOptionException(nameof(MappingColumnName), "must name a float[4] column other than the heatmaps, or be null");
        if (!Enum.IsDefined(Method)) throw new InvalidOptionException(nameof(Method), $"must be SoftArgmax or Argmax, got {(int)Method}");
        if (!Enum.IsDefined(Normalization)) throw new InvalidOptionException(nameof(Normalization), $"must be Sum or Softmax, got {(int)Normalization}");
        if (!(Beta > 0) || !float.IsFinite(Beta)) throw new InvalidOptionException(nameof(Beta), $"must be finite and > 0, got {Beta}");
        Mapping.Validate();
    }
}
