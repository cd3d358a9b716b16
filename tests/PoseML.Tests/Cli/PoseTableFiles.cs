using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Tests.Pipeline;

namespace PoseML.Tests.Cli;

/// <summary>A temporary folder holding a small 2D + 3D pose-table pair (4 synthetic subjects × 15 frames), what
/// the CLI tests feed to train, cv and sweep.</summary>
internal sealed record PoseTableFiles(string Dir, string Csv2d, string Csv3d)
{
    public static PoseTableFiles Write(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var data = SyntheticPoses.Create(subjects: 4, framesPerSubject: 15);
        var files = new PoseTableFiles(dir, Path.Combine(dir, "poses2d.csv"), Path.Combine(dir, "poses3d.csv"));
        PoseCsv.Write(data, files.Csv2d, Skeletons.Human36M17, PoseColumns.Keypoints2D);
        PoseCsv.Write(data, files.Csv3d, Skeletons.Human36M17, PoseColumns.Pose3D);
        return files;
    }
}
