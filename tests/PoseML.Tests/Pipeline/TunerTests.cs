using PoseML.Pipeline.Search;
using PoseML.MLNet;

namespace PoseML.Tests.Pipeline;

public sealed record GridOptions
{
    [Range(1e-4, 1, log: true)] public double L2 { get; init; }
    [Choice] public SampleActivation Activation { get; init; }
}

[TestClass]
public sealed class TunerTests
{
    private static List<TrialProposal> Drain(ITuner tuner, Func<TrialProposal, double>? loss = null)
    {
        var list = new List<TrialProposal>();
        while (tuner.Propose() is { } p)
        {
            list.Add(p);
            tuner.Observe(p, loss?.Invoke(p) ?? 0);
        }
        return list;
    }

    private static string Text(TrialProposal p) => SearchSpace.ToJson(p.Parameters).ToJsonString();

    [TestMethod]
    public void RandomTuner_SameSeedSameSequence()
    {
        var space = new SearchSpace<SampleOptions>();
        var a = new RandomTuner();
        a.Initialize(space, 5, seed: 3);
        var b = new RandomTuner();
        b.Initialize(space, 5, seed: 3);
        var c = new RandomTuner();
        c.Initialize(space, 5, seed: 4);
        var sa = Drain(a).Select(Text).ToArray();
        Assert.AreEqual(5, sa.Length);
        CollectionAssert.AreEqual(sa, Drain(b).Select(Text).ToArray());
        CollectionAssert.AreNotEqual(sa, Drain(c).Select(Text).ToArray());
    }

    [TestMethod]
    public void GridTuner_VisitsTheCartesianProductLastParameterFastest()
    {
        var tuner = new GridTuner(pointsPerRange: 3);
        tuner.Initialize(new SearchSpace<GridOptions>(), trials: 100, seed: 0);
        var points = Drain(tuner);
        Assert.AreEqual(9, points.Count);
        Assert.AreEqual(9L, tuner.GridSize);
        CollectionAssert.AreEqual(new object[] { SampleActivation.Relu, SampleActivation.LeakyRelu, SampleActivation.Tanh },
            points.Take(3).Select(p => p.Parameters["Activation"]).ToArray());
        CollectionAssert.AreEqual(new[] { 1e-4, 1e-2, 1.0 }, points.Where((_, i) => i % 3 == 0).Select(p => Math.Round((double)p.Parameters["L2"], 10)).ToArray());
        Assert.AreEqual(9, points.Select(Text).Distinct().Count());
    }

    [TestMethod]
    public void GridTuner_WithFewerTrialsVisitsASeededSubsetWithoutRepetition()
    {
        var a = new GridTuner(3);
        a.Initialize(new SearchSpace<GridOptions>(), trials: 4, seed: 1);
        var b = new GridTuner(3);
        b.Initialize(new SearchSpace<GridOptions>(), trials: 4, seed: 1);
        var pa = Drain(a).Select(Text).ToArray();
        Assert.AreEqual(4, pa.Distinct().Count());
        CollectionAssert.AreEqual(pa, Drain(b).Select(Text).ToArray());
    }

    [TestMethod]
    public void SuccessiveHalving_KeepsTheBestThirdAndTriplesTheBudget()
    {
        var tuner = new SuccessiveHalvingTuner(eta: 3, minimumBudgetFraction: 1.0 / 9);
        tuner.Initialize(new SearchSpace<GridOptions>(), trials: 9, seed: 5);
        Assert.AreEqual(13, tuner.TotalTrials);
        // Loss = L2: the smallest L2 values must survive.
        var trials = Drain(tuner, p => (double)p.Parameters["L2"]);
        CollectionAssert.AreEqual(new[] { 9, 3, 1 }, trials.GroupBy(t => t.Rung).Select(g => g.Count()).ToArray());
        // Tolerance: 1/9 · 3 in double.
        Assert.AreEqual(1.0 / 9, trials[0].BudgetFraction, 1e-15);
        Assert.AreEqual(1.0 / 3, trials[9].BudgetFraction, 1e-15);
        Assert.AreEqual(1.0, trials[12].BudgetFraction);
        var rung0 = trials.Take(9).Select(t => (double)t.Parameters["L2"]).Order().ToArray();
        CollectionAssert.AreEquivalent(rung0.Take(3).ToArray(), trials.Skip(9).Take(3).Select(t => (double)t.Parameters["L2"]).ToArray());
        Assert.AreEqual(rung0[0], (double)trials[12].Parameters["L2"]);
    }
}
