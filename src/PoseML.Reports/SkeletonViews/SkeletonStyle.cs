namespace PoseML.Reports.SkeletonViews;

/// <summary>Colours and widths of a drawn skeleton: one colour per side (left, right, centre), so a mirrored
/// prediction is visible at a glance.</summary>
/// <param name="Name">Legend name.</param>
/// <param name="Left">Colour of bones ending in a left joint (CSS colour).</param>
/// <param name="Right">Colour of bones ending in a right joint.</param>
/// <param name="Centre">Colour of the spine, neck and head.</param>
/// <param name="Width">Line width in pixels.</param>
/// <param name="Dash">plotly.js dash style (<c>solid</c>, <c>dash</c>, <c>dot</c>).</param>
public sealed record SkeletonStyle(string Name, string Left, string Right, string Centre, double Width = 6, string Dash = "solid")
{
    /// <summary>A prediction: blue left, red right, dark centre.</summary>
    public static SkeletonStyle Prediction { get; } = new("prediction", "#1f77b4", "#d62728", "#333333");

    /// <summary>The ground truth: thinner, muted green and grey, drawn beneath the prediction.</summary>
    public static SkeletonStyle GroundTruth { get; } = new("ground truth", "#8fbf8f", "#8fbf8f", "#9a9a9a", 4, "solid");
}
