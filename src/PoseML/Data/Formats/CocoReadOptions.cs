namespace PoseML.Data.Formats;

/// <summary>Options of <see cref="CocoKeypoints.Read"/>.</summary>
public sealed record CocoReadOptions
{
    /// <summary>Subject of every row; null: the JSON file name without extension.</summary>
    public string? Subject { get; init; }

    /// <summary>Only entries of this category are read (COCO's person category is 1); entries without a
    /// <c>category_id</c> are always read.</summary>
    public int CategoryId { get; init; } = 1;

    /// <summary>Skip annotations with no labelled keypoint (all v = 0, as in COCO's many
    /// <c>num_keypoints: 0</c> boxes). Default true. Results files are never skipped.</summary>
    public bool SkipUnlabelled { get; init; } = true;

    /// <summary>Skip crowd annotations (<c>iscrowd: 1</c>). Default true.</summary>
    public bool SkipCrowd { get; init; } = true;
}
