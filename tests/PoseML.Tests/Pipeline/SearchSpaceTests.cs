using PoseML.Core;
using PoseML.Pipeline.Search;
using PoseML.Stages.Regression;
using PoseML.Pipeline.Evaluation;
using PoseML.MLNet;

namespace PoseML.Tests.Pipeline;

public enum SampleActivation { Relu, LeakyRelu, Tanh }

public sealed record SampleOptions
{
    [Range(1e-6, 10, log: true)] public double L2 { get; init; } = 1e-3;
    [Range(1, 4)] public int Depth { get; init; } = 2;
    [Range(0.0, 0.5)] public float Dropout { get; init; } = 0.1f;
    [Choice(256, 512, 1024)] public int Width { get; init; } = 1024;
    [Choice] public SampleActivation Activation { get; init; }
    [Choice("adam", "rmsprop")] public string Optimizer { get; init; } = "rmsprop";
    public string Name { get; init; } = "not searched";
}

public sealed record LogFromZeroOptions
{
    [Range(0.0, 1.0, log: true)] public double Rate { get; init; }
}

public sealed record RangeOnTextOptions
{
    [Range(0, 1)] public string Text { get; init; } = "";
}

public sealed record ReadOnlyOptions
{
    [Range(0, 1)] public double Fixed => 0.5;
}

[TestClass]
public sealed class SearchSpaceTests
{
    [TestMethod]
    public void SearchSpace_FindsTheAttributedPropertiesInDeclarationOrder()
    {
        var space = new SearchSpace<SampleOptions>();
        CollectionAssert.AreEqual(new[] { "L2", "Depth", "Dropout", "Width", "Activation", "Optimizer" }, space.Parameters.Select(p => p.Name).ToArray());
        CollectionAssert.AreEqual(new object[] { SampleActivation.Relu, SampleActivation.LeakyRelu, SampleActivation.Tanh }, space.Parameters[4].Choices.ToArray(),
            "[Choice] without values on an enum means every member");
    }

    [TestMethod]
    public void LinearLifterOptions_DeclareALogRangeForL2()
    {
        var l2 = new SearchSpace<LinearLifterOptions>().Parameters.Single();
        Assert.AreEqual("L2", l2.Name);
        Assert.AreEqual(1e-6, l2.Min);
        Assert.AreEqual(10, l2.Max);
        Assert.IsTrue(l2.Log);
    }

    [TestMethod]
    public void ValueAt_MapsTheUnitIntervalOntoEachRange()
    {
        var p = new SearchSpace<SampleOptions>().Parameters;
        // Tolerance: exp/log round trip in double.
        const double ExpLog = 1e-12;
        Assert.AreEqual(1e-6, (double)p[0].ValueAt(0), "the bounds are hit exactly");
        Assert.AreEqual(10.0, (double)p[0].ValueAt(1), "the bounds are hit exactly");
        Assert.AreEqual(Math.Sqrt(1e-6 * 10), (double)p[0].ValueAt(0.5), ExpLog, "log-uniform: the midpoint is the geometric mean");
        Assert.AreEqual(1, p[1].ValueAt(0));
        Assert.AreEqual(1, p[1].ValueAt(0.24));
        Assert.AreEqual(2, p[1].ValueAt(0.26));
        Assert.AreEqual(4, p[1].ValueAt(0.99));
        Assert.AreEqual(4, p[1].ValueAt(1));
        Assert.AreEqual(0.25f, p[2].ValueAt(0.5));
        Assert.AreEqual(256, p[3].ValueAt(0.1));
        Assert.AreEqual(1024, p[3].ValueAt(1));
        Assert.AreEqual("adam", p[5].ValueAt(0.2));
    }

    [TestMethod]
    public void Apply_ClonesTheBaselineLikeAWithExpression()
    {
        var space = new SearchSpace<SampleOptions>();
        var baseline = new SampleOptions { Name = "kept" };
        var applied = space.Apply(baseline, new Dictionary<string, object> { ["L2"] = 0.5, ["Activation"] = SampleActivation.Tanh });
        Assert.AreEqual(baseline with { L2 = 0.5, Activation = SampleActivation.Tanh }, applied);
        Assert.AreEqual(1e-3, baseline.L2, "the baseline is unchanged");
        Assert.ThrowsExactly<InvalidOptionException>(() => space.Apply(baseline, new Dictionary<string, object> { ["Name"] = "x" }));
    }

    [TestMethod]
    public void ParameterValues_RoundTripThroughTheTrialLogJson()
    {
        var space = new SearchSpace<SampleOptions>();
        var random = new Random(2);
        for (var i = 0; i < 20; i++)
        {
            var values = space.ValuesAt(space.Parameters.Select(_ => random.NextDouble()).ToArray());
            var back = space.FromJson(System.Text.Json.Nodes.JsonNode.Parse(SearchSpace.ToJson(values).ToJsonString())!.AsObject());
            CollectionAssert.AreEquivalent(values.ToArray(), back.ToArray());
        }
    }

    [TestMethod]
    public void SearchSpace_RejectsDeclarationsThatCannotBeSearched()
    {
        Assert.AreEqual("Rate", Assert.ThrowsExactly<InvalidOptionException>(() => new SearchSpace<LogFromZeroOptions>()).Option);
        Assert.AreEqual("Text", Assert.ThrowsExactly<InvalidOptionException>(() => new SearchSpace<RangeOnTextOptions>()).Option);
        Assert.AreEqual("Fixed", Assert.ThrowsExactly<InvalidOptionException>(() => new SearchSpace<ReadOnlyOptions>()).Option);
    }

    [TestMethod]
    public void GridValues_SpacesRangesEvenlyAndDeduplicatesIntegers()
    {
        var p = new SearchSpace<SampleOptions>().Parameters;
        var l2 = p[0].GridValues(3).Cast<double>().ToArray();
        Assert.AreEqual(3, l2.Length);
        Assert.AreEqual(Math.Sqrt(1e-5), l2[1], 1e-12);
        CollectionAssert.AreEqual(new object[] { 1, 2, 3, 4 }, p[1].GridValues(7).ToArray());
        CollectionAssert.AreEqual(new object[] { 256, 512, 1024 }, p[3].GridValues(2).ToArray(), "choices ignore points per range");
    }
}
