using PoseML.Data;

namespace PoseML.Stages.RarePose;

/// <summary>Default settings of the rare-pose scorer, shared by its options, catalog method and CLI.</summary>
public static class RarePoseDefaults
{
    /// <summary>The column scored: root-relative (or absolute) 3D poses, float[J,3].</summary>
    public const string InputColumnName = PoseColumns.Pose3D;

    /// <summary>The column added: the occurrence <c>OCC_O(J)</c> of each pose, float scalar in [0, 1].</summary>
    public const string OutputColumnName = "Occurrence";

    /// <summary>Scoring mode: the binned-grid approximation with a stated error bound.</summary>
    public const OccurrenceMode Mode = OccurrenceMode.Fast;

    /// <summary>Joint subtracted from every joint before scoring (Human3.6M-17's hip): the paper's poses are root-relative.</summary>
    public const int RootJoint = 0;

    /// <summary>Grid nodes per σ in fast mode (grid step h = σ/4): worst-case error ≈ 0.0019 of an occurrence in [0, 1].</summary>
    public const double GridStepsPerSigma = 4;

    /// <summary>Gaussian cut-off in σ in fast mode: kernel values below <c>exp(−5²/2) ≈ 3.7e-6</c> are dropped.</summary>
    public const double CutoffSigmas = 5;

    /// <summary>Most grid nodes per joint in fast mode (4 MiB of floats); wider reference clouds get a coarser grid and a larger bound.</summary>
    public const int MaximumGridNodesPerJoint = 1 << 21;

    /// <summary>Percentage of poses the Rare Pose Protocol keeps (the paper reports 10 % and 20 %).</summary>
    public const double RarePercent = 10;
}
