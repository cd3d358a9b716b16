using PoseML.Data;
using PoseML.Data.View;

namespace PoseML.Vision.Images;

/// <summary>Column names and types of PoseML's image data views (rendered, COCO, MPII, Human3.6M frames,
/// plain image files). Every image view has <see cref="Image"/>, <see cref="Keypoints2D"/>,
/// <see cref="Visibility"/>, <see cref="CropToImage"/>, <see cref="Pose3D"/>, <see cref="Subject"/>,
/// <see cref="Action"/>, <see cref="Camera"/> and <see cref="Frame"/>.</summary>
public static class ImageColumns
{
    /// <summary>The square image, float [3,S,S]: RGB planes (CHW), values in [0, 1].</summary>
    public const string Image = PoseColumns.Image;

    /// <summary>Joints in Human3.6M-17 order, float [17,2], in ORIGINAL image pixels (pixel centres at
    /// integer coordinates); NaN where unknown. For rendered data these are the camera pixels the lifters
    /// train on.</summary>
    public const string Keypoints2D = PoseColumns.Keypoints2D;

    /// <summary>Per joint, float [17]: 1 labelled, 0 unknown or missing.</summary>
    public const string Visibility = "Visibility";

    /// <summary>float [4] = (ScaleX, ScaleY, OffsetX, OffsetY) mapping the S×S image's pixel coordinates to
    /// original image pixels in <c>HeatmapImageMapping</c>'s convention:
    /// <c>x_orig = (x_crop + 0.5)·ScaleX − 0.5 + OffsetX</c> (see <see cref="Cropping.CropToImage"/>).</summary>
    public const string CropToImage = "CropToImage";

    /// <summary>3D pose, float [17,3], mm, camera frame (rendered data); NaN where not known.</summary>
    public const string Pose3D = PoseColumns.Pose3D;

    /// <summary>Subject, text.</summary>
    public const string Subject = PoseColumns.Subject;

    /// <summary>Action (or image file name for still-image datasets), text.</summary>
    public const string Action = PoseColumns.Action;

    /// <summary>Camera index, int (−1 when unknown).</summary>
    public const string Camera = PoseColumns.Camera;

    /// <summary>Frame number (or image / annotation index), int.</summary>
    public const string Frame = PoseColumns.Frame;

    /// <summary>Number of joints of every image view (Human3.6M-17).</summary>
    public const int JointCount = 17;

    /// <summary>The schema of an image view with square images of <paramref name="size"/> pixels.</summary>
    public static BatchSchema Schema(int size) => new(
    [
        (Subject, ColumnType.Text), (Action, ColumnType.Text), (Camera, ColumnType.Int()), (Frame, ColumnType.Int()),
        (Image, ColumnType.Float(3, size, size)),
        (Keypoints2D, ColumnType.Float(JointCount, 2)),
        (Visibility, ColumnType.Float(JointCount)),
        (CropToImage, ColumnType.Float(4)),
        (Pose3D, ColumnType.Float(JointCount, 3)),
    ]);
}
