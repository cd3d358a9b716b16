using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PoseML.Reports.Tests;

/// <summary>The notebooks as committed (CI runs them; see .ci/run): no outputs, and the package versions their setup
/// cells load are the ones the library is built against.</summary>
[TestClass]
public sealed partial class NotebookTests
{
    private static readonly string Root = FindRoot();

    private static IEnumerable<string> Notebooks() => Directory.GetFiles(Path.Combine(Root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal);

    [TestMethod]
    public void NotebooksAreCommittedWithoutOutputs()
    {
        Assert.IsGreaterThanOrEqualTo(5, Notebooks().Count());
        foreach (var path in Notebooks())
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var cell in doc.RootElement.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code"))
            {
                Assert.AreEqual(0, cell.GetProperty("outputs").GetArrayLength(), $"{Path.GetFileName(path)} has a cell with outputs");
                Assert.AreEqual(JsonValueKind.Null, cell.GetProperty("execution_count").ValueKind, $"{Path.GetFileName(path)} has an executed cell");
            }
        }
    }

    [TestMethod]
    public void NotebookPackagesMatchTheCentralVersions()
    {
        var pinned = XDocument.Load(Path.Combine(Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);
        foreach (var path in Notebooks())
        {
            var references = NugetReference().Matches(File.ReadAllText(path)).ToArray();
            Assert.IsNotEmpty(references, $"{Path.GetFileName(path)} loads no package");
            foreach (var m in references)
            {
                var (id, version) = (m.Groups["id"].Value, m.Groups["version"].Value);
                Assert.IsTrue(pinned.TryGetValue(id, out var expected), $"{Path.GetFileName(path)} loads {id}, which Directory.Packages.props does not pin");
                Assert.AreEqual(expected, version, $"{Path.GetFileName(path)}: {id}");
            }
        }
    }

    [GeneratedRegex(@"#r \\""nuget: *(?<id>[A-Za-z0-9_.\-]+) *, *(?<version>[0-9][^\\""]*)\\""")]
    private static partial Regex NugetReference();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PoseML.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("the tests run from inside the PoseML repository");
    }
}
