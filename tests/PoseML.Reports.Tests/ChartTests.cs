using PoseML.Data;
using PoseML.Reports.Charts;
using PoseML.Reports.Errors;
using PoseML.Reports.Html;
using PoseML.Reports.SkeletonViews;

namespace PoseML.Reports.Tests;

[TestClass]
public sealed class ChartTests
{
    [TestMethod]
    public void PlotCoordinatesAreRootRelativeWithTheVerticalAxisUp()
    {
        // Camera frame: x right, y down, z forward. Root (joint 0) at (10, 20, 30); joint 1 one to the right,
        // two down and three further away: plot (x, depth, up) = (1, 3, -2).
        var pose = new float[Skeletons.Human36M17.JointCount * 3];
        pose[0] = 10; pose[1] = 20; pose[2] = 30;
        pose[3] = 11; pose[4] = 22; pose[5] = 33;
        Assert.AreEqual((0.0, 0.0, 0.0), SkeletonGeometry.Point(pose, 0, 0));
        Assert.AreEqual((1.0, 3.0, -2.0), SkeletonGeometry.Point(pose, 1, 0));
        // World frames: y up → (x, −z, y), a rotation (determinant +1), so nothing is drawn mirrored; z up → as is.
        Assert.AreEqual((1.0, -3.0, 2.0), SkeletonGeometry.Point(pose, 1, 0, UpAxis.PositiveY));
        Assert.AreEqual((1.0, 2.0, 3.0), SkeletonGeometry.Point(pose, 1, 0, UpAxis.PositiveZ));
    }

    [TestMethod]
    public void BonesAreDrawnOncePerSideWithGaps()
    {
        var skeleton = Skeletons.Human36M17;
        var pose = new float[skeleton.JointCount * 3];
        var all = 0;
        foreach (var side in new[] { SkeletonGeometry.Side.Centre, SkeletonGeometry.Side.Left, SkeletonGeometry.Side.Right })
            all += SkeletonGeometry.Bones(pose, skeleton, side).X.Count;
        // Each bone is parent, child, gap.
        Assert.AreEqual(3 * skeleton.Bones.Count(), all);
        Assert.AreEqual(SkeletonGeometry.Bones(pose, skeleton, SkeletonGeometry.Side.Left).X.Count, SkeletonGeometry.Bones(pose, skeleton, SkeletonGeometry.Side.Right).X.Count,
            "Human3.6M-17 is left/right symmetric");
    }

    [TestMethod]
    public void FrameErrorIsRootAlignedAndSkipsMissingJoints()
    {
        // Two joints: the prediction is the truth shifted by (5, 0, 0) except joint 1, 3-4-0 further away: root-aligned
        // errors 0 and 5 → mean 2.5. A NaN joint 2 is left out.
        float[] truth = [0, 0, 0, 10, 0, 0, 1, 1, 1];
        float[] predicted = [5, 0, 0, 18, 4, 0, float.NaN, 0, 0];
        Assert.AreEqual(2.5, ModelReport.ScoredFrames.FrameError(predicted, truth, 3), 1e-12);
    }

    [TestMethod]
    public void SequenceHasOneSliderStepPerFrame()
    {
        var skeleton = Skeletons.Human36M17;
        var poses = new float[4 * skeleton.JointCount * 3];
        for (var i = 0; i < poses.Length; i++) poses[i] = i % 97;
        var chart = SkeletonView.Sequence(poses, skeleton, poses, ["a", "b", "c", "d"]);
        var json = chart.ToJson();
        Assert.AreEqual(4, System.Text.RegularExpressions.Regex.Matches(json, "\"method\":\"restyle\"").Count);
        // Truth and prediction: 3 sides of bones + 1 joint trace each.
        Assert.AreEqual(8, chart.TraceCount);
        Assert.ThrowsExactly<ArgumentException>(() => SkeletonView.Sequence(poses.AsSpan(0, 50), skeleton));
    }

    [TestMethod]
    public void PagesInlinePlotlyJsAndNeedNoNetwork()
    {
        Assert.IsTrue(PlotlyJs.Source.Length > 1_000_000, "the whole minified plotly.js");
        StringAssert.StartsWith(PlotlyJs.Version, "2.");
        var page = new HtmlPage("t").Chart(ErrorCharts.PerJoint(new Dictionary<string, double> { ["Hip"] = 0, ["Head"] = 12.5 }));
        var html = page.ToHtml();
        Assert.IsTrue(html.Contains(PlotlyJs.Source[..200], StringComparison.Ordinal), "plotly.js inlined");
        // Outside the library itself (which names a CDN for map data it would fetch only for geo plots), nothing
        // points to the network.
        var own = html.Replace(PlotlyJs.Source, "", StringComparison.Ordinal);
        Assert.IsFalse(own.Contains("<script src", StringComparison.OrdinalIgnoreCase), "no external script");
        Assert.IsFalse(own.Contains("http", StringComparison.OrdinalIgnoreCase), "no URL in the page's own markup");
        Assert.IsTrue(html == new HtmlPage("t").Chart(ErrorCharts.PerJoint(new Dictionary<string, double> { ["Hip"] = 0, ["Head"] = 12.5 })).ToHtml(), "same content, same bytes");
    }

    [TestMethod]
    public void ErrorVsRarityBinsAreMeansOfEquallyPopulatedBins()
    {
        // Occurrence 1..8, error = 10·occurrence: two bins hold {1..4} and {5..8}: means (2.5, 25) and (6.5, 65).
        var occurrence = Enumerable.Range(1, 8).Select(i => (double)i).ToArray();
        var errors = occurrence.Select(o => 10 * o).ToArray();
        var json = ErrorCharts.ErrorVsRarity(occurrence, errors, bins: 2).ToJson();
        StringAssert.Contains(json, "\"x\":[2.5,6.5],\"y\":[25,65]");
    }

    [TestMethod]
    public void FigureJsonLeavesOutNullsAndWritesNonFiniteNumbersAsNull()
    {
        var figure = PlotFigure.Chart([PlotFigure.Trace("scatter", new Dictionary<string, object?> { ["x"] = new[] { 1.0, double.NaN }, ["name"] = null })],
            new Dictionary<string, object?> { ["xaxis"] = new Dictionary<string, object?> { ["type"] = null, ["title"] = "t" } });
        var json = figure.ToJson();
        StringAssert.Contains(json, "{\"type\":\"scatter\",\"x\":[1,null]}");
        StringAssert.Contains(json, "\"xaxis\":{\"title\":\"t\"}");
    }

    [TestMethod]
    public void PlotlyJsIsReadWithoutLoadingPlotlyNetsFSharpRuntime()
    {
        // The notebook kernels carry an older FSharp.Core than Plotly.NET 6 needs: reading the library must not load it
        // (this test process has no FSharp.Core loaded unless something touched a Plotly.NET type).
        _ = PlotlyJs.Source;
        Assert.IsFalse(AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "FSharp.Core"), "FSharp.Core was loaded");
    }
}
