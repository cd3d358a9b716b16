using PoseML.Stages.RarePose;

namespace PoseML.Reports.ModelReport;

/// <summary>Defaults of <see cref="ModelReportOptions"/>.</summary>
public static class ModelReportDefaults
{
    /// <summary>Page title.</summary>
    public const string Title = "PoseML model report";

    /// <summary>Worst frames drawn.</summary>
    public const int WorstFrames = 4;

    /// <summary>Rarest frames drawn.</summary>
    public const int RarestFrames = 4;

    /// <summary>Frames of the animated sequence (a few seconds at 30–50 fps, a light page).</summary>
    public const int SequenceFrames = 60;

    /// <summary>Occurrence scoring: the grid approximation, seconds on tens of thousands of poses.</summary>
    public const OccurrenceMode RarityMode = OccurrenceMode.Fast;
}
