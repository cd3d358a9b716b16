namespace PoseML.Reports.Tests;

[TestClass]
public sealed class ModelReportTests
{
    [TestMethod]
    public void ReportHasEverySection()
    {
        var page = ReportFixture.Page;
        // Per action (several actions), per joint, distribution, worst grid, rarest grid, error vs rarity, sequence;
        // no training curve (a linear lifter has no epochs).
        var expected = (ReportFixture.Actions > 1 ? 1 : 0) + 1 + 1 + ReportFixture.Worst + ReportFixture.Rarest + 1 + 1;
        Assert.AreEqual(expected, page.PlotCount);
        var html = File.ReadAllText(ReportFixture.Path);
        foreach (var heading in new[] { "Metrics by protocol", "Metrics by action", "Worst frames", "Rarest poses", "The worst frame&#39;s sequence", "Training" })
            StringAssert.Contains(html, heading);
        StringAssert.Contains(html, "carries no training history");
        Assert.IsFalse(Directory.GetFiles(Path.GetDirectoryName(ReportFixture.Path)!).Any(f => f.Contains(".tmp", StringComparison.Ordinal)), "the atomic write leaves no temporary file");
    }
}
