using PoseML.Stages.GroupLifters;
using PoseML.Stages.RarePose;

namespace PoseML.Reports.ModelReport;

/// <summary>What <see cref="ModelReportBuilder"/> puts on the page.</summary>
public sealed record ModelReportOptions
{
    /// <summary>The page title.</summary>
    public string Title { get; init; } = ModelReportDefaults.Title;

    /// <summary>Where the model came from (a file name), shown under the title; null: not shown.</summary>
    public string? ModelName { get; init; }

    /// <summary>What the test data is (e.g. the sources given to the CLI), shown under the title; null: not shown.</summary>
    public string? DataName { get; init; }

    /// <summary>How many of the frames with the largest error are drawn beside their ground truth.</summary>
    public int WorstFrames { get; init; } = ModelReportDefaults.WorstFrames;

    /// <summary>How many of the rarest ground-truth poses (lowest occurrence) are drawn beside their prediction.</summary>
    public int RarestFrames { get; init; } = ModelReportDefaults.RarestFrames;

    /// <summary>Frames of the animated sequence around the worst frame; 0: no animation.</summary>
    public int SequenceFrames { get; init; } = ModelReportDefaults.SequenceFrames;

    /// <summary>The training history to draw when the model itself carries none (a model loaded from a zip: read the
    /// history saved beside it with <see cref="TrainingHistoryEntry.Read"/>); null: none.</summary>
    public IReadOnlyList<GroupLifterEpoch>? TrainingHistory { get; init; }

    /// <summary>How the occurrence (rarity) of each ground-truth pose is scored against the test set itself.</summary>
    public OccurrenceMode RarityMode { get; init; } = ModelReportDefaults.RarityMode;
}
