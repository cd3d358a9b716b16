namespace PoseML.Tests.Data.Cameras;

/// <summary>Finds files shipped in the repository (datasets/) from the test output folder.</summary>
internal static class TestPaths
{
    public static string CmuPose(string take)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "datasets", "cmu", "poses", take);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"datasets/cmu/poses/{take} not found above {AppContext.BaseDirectory}");
    }
}
