using Microsoft.ML;
using PoseML.MLNet;

namespace PoseML.Stages.JointGroupSelection;

/// <summary>Joint-group selection on <c>mlContext.Transforms</c>.</summary>
public static class JointGroupSelectionCatalog
{
    /// <summary>Chooses joint groups (see <see cref="JointGroupSelectionEstimator"/>).</summary>
    public static JointGroupSelectionEstimator SelectJointGroups(this TransformsCatalog catalog,
        JointGroupStrategy strategy = Defaults.Strategy, int groupSize = Defaults.GroupSize, int minCoverage = Defaults.MinCoverage,
        double lambda = Defaults.Lambda, int seed = Defaults.Seed, string labelColumnName = Defaults.LabelColumnName) =>
        catalog.SelectJointGroups(new JointGroupSelectionOptions
        {
            Strategy = strategy, GroupSize = groupSize, MinCoverage = minCoverage, Lambda = lambda, Seed = seed, LabelColumnName = labelColumnName,
        });

    /// <summary>Chooses joint groups with every option.</summary>
    public static JointGroupSelectionEstimator SelectJointGroups(this TransformsCatalog catalog, JointGroupSelectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new JointGroupSelectionEstimator(PoseRun.For(catalog, "JointGroups"), options);
    }
}
