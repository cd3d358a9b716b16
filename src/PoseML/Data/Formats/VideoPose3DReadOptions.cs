using PoseML.Data.Numpy;

namespace PoseML.Data.Formats;

/// <summary>How a plain <c>.npy</c> array <c>[frames, J, C]</c> is read by <see cref="VideoPose3D.ReadArray"/>.</summary>
public enum VideoPose3DArrayKind
{
    /// <summary>C = 3 → 3D pose; C = 2 → 2D keypoints (confidence 1); C = 4 → Detectron keypoints (x, y, logit, probability).</summary>
    Auto,
    /// <summary>A 3D pose per frame (C must be 3).</summary>
    Pose3D,
    /// <summary>2D keypoints, x and y (C must be 2).</summary>
    Keypoints2D,
    /// <summary>2D keypoints with a third channel holding the detector confidence (C = 3), or Detectron's
    /// x, y, logit, probability (C = 4; the probability is the confidence).</summary>
    Keypoints2DWithConfidence,
}

/// <summary>Options of the <see cref="VideoPose3D"/> readers.</summary>
public sealed record VideoPose3DReadOptions
{
    /// <summary>Factor from the file's 3D units to millimetres. VideoPose3D stores metres, so the default is 1000.</summary>
    public float Scale3D { get; init; } = 1000f;

    /// <summary>Skeleton of 2D keypoints (and of plain arrays), overriding what the file's metadata says. Null: from
    /// the metadata's <c>layout_name</c> (<c>h36m</c>, <c>coco</c>, <c>mpii</c>); without metadata 17 joints are read
    /// as H36M-17 and 16 as MPII-16.</summary>
    public Skeleton? Skeleton { get; init; }

    /// <summary>Subject of a plain <c>.npy</c> array's rows; null: the file name without extension.</summary>
    public string? Subject { get; init; }

    /// <summary>Action of a plain <c>.npy</c> array's rows; null: empty.</summary>
    public string? Action { get; init; }

    /// <summary>How a plain <c>.npy</c> array's last axis is read.</summary>
    public VideoPose3DArrayKind ArrayKind { get; init; } = VideoPose3DArrayKind.Auto;

    /// <summary>Limits of the numpy and pickle readers.</summary>
    public NpyReadOptions Npy { get; init; } = NpyReadOptions.Default;
}
