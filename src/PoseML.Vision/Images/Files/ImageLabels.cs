using PoseML.Data;

namespace PoseML.Vision.Images.Files;

/// <summary>Labels of image rows in the image columns' convention.</summary>
internal static class ImageLabels
{
    /// <summary>Maps one person's 2D keypoints and confidences to Human3.6M-17 through <paramref name="mapping"/>:
    /// Visibility 1 where the mapped confidence is positive, else 0 with the keypoint NaN.</summary>
    public static (float[] Keypoints, float[] Visibility) ToHuman36M(JointMapping mapping, ReadOnlySpan<float> keypoints, ReadOnlySpan<float> confidence)
    {
        const int J = ImageColumns.JointCount;
        var xy = new float[J * 2];
        var visibility = new float[J];
        mapping.Map(keypoints, xy, 2);
        mapping.MapConfidence(confidence, visibility);
        for (var j = 0; j < J; j++)
        {
            if (visibility[j] > 0) visibility[j] = 1;
            else xy[2 * j] = xy[2 * j + 1] = float.NaN;
        }
        return (xy, visibility);
    }
}
