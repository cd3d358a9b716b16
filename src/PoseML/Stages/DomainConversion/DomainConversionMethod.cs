namespace PoseML.Stages.DomainConversion;

/// <summary>How heatmaps become coordinates.</summary>
public enum DomainConversionMethod
{
    /// <summary>Expected coordinate of the normalised map (differentiable; Eq. 13). See <see cref="DomainConversion.SoftArgmax"/>.</summary>
    SoftArgmax,

    /// <summary>Peak pixel (not differentiable). See <see cref="HeatmapArgmax"/>.</summary>
    Argmax,
}
