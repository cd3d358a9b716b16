namespace PoseML.Data.Formats;

/// <summary>The <c>metadata</c> entry of a VideoPose3D 2D keypoint file (<c>data_2d_*.npz</c>).</summary>
/// <param name="LayoutName"><c>layout_name</c>: <c>h36m</c>, <c>coco</c>, … (null when absent).</param>
/// <param name="NumJoints"><c>num_joints</c> (null when absent).</param>
/// <param name="KeypointsLeft">First list of <c>keypoints_symmetry</c>: the left joints.</param>
/// <param name="KeypointsRight">Second list of <c>keypoints_symmetry</c>: the right joints.</param>
public sealed record VideoPose3DMetadata(string? LayoutName, int? NumJoints, IReadOnlyList<int> KeypointsLeft, IReadOnlyList<int> KeypointsRight);
