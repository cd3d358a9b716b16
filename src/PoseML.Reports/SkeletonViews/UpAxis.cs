namespace PoseML.Reports.SkeletonViews;

/// <summary>Which axis of the poses points up in the drawing.</summary>
public enum UpAxis
{
    /// <summary>−y: camera-frame poses (x right, y down, z forward), what the lifters predict. Depth is +z.</summary>
    NegativeY,

    /// <summary>+y: world-frame motion capture such as the CMU sample's tables (y up). Depth is −z.</summary>
    PositiveY,

    /// <summary>+z: z-up world frames (e.g. Human3.6M's world coordinates). Depth is +y.</summary>
    PositiveZ,
}
