using Microsoft.ML;
using PoseML.MLNet;

namespace PoseML.Stages.JointGroupSelection;

/// <summary>Joint-group selection on <c>mlContext.Transforms</c>.</summary>
public static class JointGroupSelectionCatalog
{
    /// <summary>Chooses joint groups (see <see cref="JointGroupSelectionEstimator"/>).</summary>
    public static JointGroupSelectionEstimator SelectJointGroups(this TransformsCatalog catalog,
        JointGroupStrategy strategy = JointGroupSelectionDefaults.Strategy, int groupSize = JointGroupSelectionDefaults.GroupSize, int minCoverage = JointGroupSelectionDefaults.MinCoverage,
        double lambda = JointGroupSelectionDefaults.Lambda, int seed = JointGroupSelectionDefaults.Seed, string labelColumnName = JointGroupSelectionDefaults.LabelColumnName) =>
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
