using PoseML.Pipeline.Catalogs;
using PoseML.Stages.JointGroupSelection;

namespace PoseML.Pipeline;

/// <summary>Joint-group selection on <c>ctx.Lifting</c>.</summary>
public static class JointGroupSelectionCatalog
{
    /// <summary>Chooses joint groups (see <see cref="JointGroupSelectionEstimator"/>).</summary>
    public static JointGroupSelectionEstimator SelectJointGroups(this LiftingCatalog catalog,
        JointGroupStrategy strategy = Defaults.Strategy, int groupSize = Defaults.GroupSize, int minCoverage = Defaults.MinCoverage,
        double lambda = Defaults.Lambda, int seed = Defaults.Seed, string labelColumnName = Defaults.LabelColumnName) =>
        catalog.SelectJointGroups(new JointGroupSelectionOptions
        {
            Strategy = strategy, GroupSize = groupSize, MinCoverage = minCoverage, Lambda = lambda, Seed = seed, LabelColumnName = labelColumnName,
        });

    /// <summary>Chooses joint groups with every option.</summary>
    public static JointGroupSelectionEstimator SelectJointGroups(this LiftingCatalog catalog, JointGroupSelectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new JointGroupSelectionEstimator(catalog.Context, options);
    }
}
