namespace PoseML.Tests;

/// <summary>Locates the repository root (the folder holding PoseML.sln) from the test binaries.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PoseML.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no PoseML.sln above {AppContext.BaseDirectory}");
    }
}
