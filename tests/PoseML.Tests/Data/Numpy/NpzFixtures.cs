namespace PoseML.Tests.Data.Numpy;

/// <summary>Paths of the fixtures written by Fixtures/npz/make_fixtures.py (numpy 1.24).</summary>
internal static class NpzFixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "npz", name);

    /// <summary>A copy of a fixture's bytes, cut or edited, written to a fresh temp file.</summary>
    public static string TempCopy(string name, Func<byte[], byte[]> edit)
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "poseml-npz-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = System.IO.Path.Combine(dir, name);
        File.WriteAllBytes(path, edit(File.ReadAllBytes(Path(name))));
        return path;
    }
}
