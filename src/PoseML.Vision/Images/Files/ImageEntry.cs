using PoseML.Vision.Images.Cropping;

namespace PoseML.Vision.Images.Files;

/// <summary>One row of an <see cref="ImageListDataView"/>: an image file, where to crop it, and its labels.</summary>
/// <param name="Path">The image file.</param>
/// <param name="Crop">The square crop in the original image; null letterboxes the whole image (found from the file's header).</param>
/// <param name="Keypoints">Human3.6M-17 joints, 34 values (x, y in original pixels), NaN where unknown; null when none is known.</param>
/// <param name="Visibility">17 values, 1 labelled, 0 unknown; null when nothing is labelled.</param>
/// <param name="Pose3D">51 values, mm, camera frame; null when unknown.</param>
/// <param name="Subject">Subject column value.</param>
/// <param name="Action">Action column value.</param>
/// <param name="Camera">Camera column value (−1 when unknown).</param>
/// <param name="Frame">Frame column value.</param>
public sealed record ImageEntry(string Path, CropToImage? Crop, float[]? Keypoints, float[]? Visibility, float[]? Pose3D,
    string Subject, string Action, int Camera, int Frame);
