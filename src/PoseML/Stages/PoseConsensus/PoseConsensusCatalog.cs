using Microsoft.ML;
using PoseML.Stages.Consensus;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.PoseConsensus;

/// <summary>The consensus stage on <c>mlContext.Transforms</c>.</summary>
public static class PoseConsensusCatalog
{
    /// <summary>Fuses group estimates into one root-relative pose (see <see cref="PoseConsensusEstimator"/>).</summary>
    public static PoseConsensusEstimator PoseConsensus(this TransformsCatalog catalog, JointGroups groups,
        ConsensusSolverKind solver = PoseConsensusDefaults.Solver, double tolerance = PoseConsensusDefaults.Tolerance, int maxIterations = PoseConsensusDefaults.MaxIterations) =>
        catalog.PoseConsensus(groups, new PoseConsensusOptions { Solver = solver, Tolerance = tolerance, MaxIterations = maxIterations });

    /// <summary>Fuses group estimates with every option.</summary>
    public static PoseConsensusEstimator PoseConsensus(this TransformsCatalog catalog, JointGroups groups, PoseConsensusOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new PoseConsensusEstimator(options, groups);
    }
}
