using Microsoft.ML;
using PoseML.MLNet;

namespace PoseML.Stages.RarePose;

/// <summary>The rare-pose scorer on <c>mlContext.Transforms</c>.</summary>
public static class RarePoseCatalog
{
    /// <summary>Adds the occurrence of each pose in the reference set the stage is fitted on (SRNet Eq. 9–10; see
    /// <see cref="RarePoseEstimator"/>). ML.NET argument order: output column first.</summary>
    public static RarePoseEstimator ScoreOccurrence(this TransformsCatalog catalog, string outputColumnName = RarePoseDefaults.OutputColumnName,
        string inputColumnName = RarePoseDefaults.InputColumnName, OccurrenceMode mode = RarePoseDefaults.Mode) =>
        catalog.ScoreOccurrence(new RarePoseOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Mode = mode });

    /// <summary>Adds the occurrence of each pose, with every option (σ, root joint, grid resolution).</summary>
    public static RarePoseEstimator ScoreOccurrence(this TransformsCatalog catalog, RarePoseOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RarePoseEstimator(options, PoseRun.For(catalog, "RarePose"));
    }
}
