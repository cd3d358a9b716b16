using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.View;

namespace PoseML.Data.Catalog;

/// <summary>The datasets PoseML knows by name. <c>Datasets.Load("cmu")</c> opens the shipped CMU
/// motion-capture sample; <c>Datasets.Load("synthetic")</c> generates the default synthetic set. Shipped data lives in a <c>datasets</c> folder found by
/// <see cref="LocateFolder(string)"/>.</summary>
public static class Datasets
{
    /// <summary>Environment variable naming the folder that holds the shipped datasets
    /// (the one containing <c>cmu/</c>); overrides the search.</summary>
    public const string EnvironmentVariable = "POSEML_DATASETS";

    // One line per dataset.
    private static readonly DatasetInfo[] Catalog =
    [
        new("cmu", "CMU motion capture sample: 32 takes (walk, run, jump, hop, kick, salsa), Human3.6M-17 joints, world frame (Y up), mm, 30 fps", CmuSample.Load),
        new("synthetic", "Synthetic motion: 6 subjects × 13 actions × 500 frames at 50 fps through the four Human3.6M cameras; camera-frame Pose3D (mm), Keypoints2D (px), Confidence", () => Synthetic.SyntheticDatasets.Default()),
    ];

    /// <summary>Names of the datasets <see cref="Load"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = Catalog.Select(d => d.Name).ToArray();

    /// <summary>Every dataset with its description.</summary>
    public static IReadOnlyList<DatasetInfo> All => Catalog;

    /// <summary>Opens the dataset called <paramref name="name"/> (case-insensitive) as a lazy data view.</summary>
    /// <exception cref="InvalidOptionException">Unknown name.</exception>
    /// <exception cref="DataFormatException">The dataset's files cannot be found or read.</exception>
    public static IDataView Load(string name) => Find(name).Load();

    /// <summary>The catalog entry called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="InvalidOptionException">Unknown name.</exception>
    public static DatasetInfo Find(string name) =>
        Catalog.FirstOrDefault(d => string.Equals(d.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOptionException("dataset", $"unknown dataset '{name}'; expected one of {string.Join(", ", Names)}");

    /// <summary>The folder of shipped dataset <paramref name="name"/> (e.g. <c>…/datasets/cmu</c>):
    /// <c>$POSEML_DATASETS/&lt;name&gt;</c> when the variable is set; otherwise the first
    /// <c>datasets/&lt;name&gt;</c> found walking up from the current directory, then from the
    /// application's base directory.</summary>
    /// <exception cref="DataFormatException">Not found; the message lists where it looked.</exception>
    public static string LocateFolder(string name) =>
        LocateFolder(name, Environment.GetEnvironmentVariable(EnvironmentVariable), [Directory.GetCurrentDirectory(), AppContext.BaseDirectory]);

    /// <summary><see cref="LocateFolder(string)"/> with the variable's value and the search starts given.</summary>
    internal static string LocateFolder(string name, string? datasetsRoot, IReadOnlyList<string> searchFrom)
    {
        if (!string.IsNullOrWhiteSpace(datasetsRoot))
        {
            var folder = Path.GetFullPath(Path.Combine(datasetsRoot, name));
            return Directory.Exists(folder) ? folder
                : throw new DataFormatException(folder, $"dataset folder not found; {EnvironmentVariable}={datasetsRoot} must be the folder that contains '{name}/' (unset it to search upwards from the current directory)");
        }
        foreach (var start in searchFrom)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "datasets", name);
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        throw new DataFormatException($"datasets/{name}",
            $"folder not found in {string.Join(" or ", searchFrom.Distinct().Select(s => $"'{s}'"))} or any folder above; set {EnvironmentVariable} to the folder that contains '{name}/'");
    }
}
