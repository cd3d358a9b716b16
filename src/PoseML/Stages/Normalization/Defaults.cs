using PoseML.Data;

namespace PoseML.Stages.Normalization;

/// <summary>Default settings of the mean-variance normaliser, shared by its options and catalog method.</summary>
public static class Defaults
{
    /// <summary>The column normalised (in place) by default.</summary>
    public const string ColumnName = PoseColumns.Keypoints2D;

    /// <summary>Rows read to estimate the statistics (ML.NET's default: all of them, in practice).</summary>
    public const long MaximumExampleCount = 1_000_000_000;

    /// <summary>Standard deviations below this are treated as 1 (a constant element is only centred).</summary>
    public const double MinimumStandardDeviation = 1e-8;
}
