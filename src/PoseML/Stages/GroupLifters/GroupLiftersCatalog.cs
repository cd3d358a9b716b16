using Microsoft.ML;
using PoseML.MLNet;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.GroupLifters;

/// <summary>The group lifters on <c>mlContext.Transforms</c>.</summary>
public static class GroupLiftersCatalog
{
    /// <summary>One lifter per joint group, trained together (see <see cref="GroupLifterEstimator"/>).</summary>
    public static GroupLifterEstimator GroupLifters(this TransformsCatalog catalog, JointGroups groups,
        int width = GroupLifterDefaults.Width, int epochs = GroupLifterDefaults.Epochs, int batchSize = GroupLifterDefaults.BatchSize,
        bool useAggregationLoss = GroupLifterDefaults.UseAggregationLoss, int? seed = null) =>
        catalog.GroupLifters(groups, new GroupLifterOptions
        {
            Width = width, Epochs = epochs, BatchSize = batchSize, UseAggregationLoss = useAggregationLoss, Seed = seed,
        });

    /// <summary>One lifter per joint group with every option.</summary>
    public static GroupLifterEstimator GroupLifters(this TransformsCatalog catalog, JointGroups groups, GroupLifterOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new GroupLifterEstimator(PoseRun.For(catalog, "GroupLifters"), options, groups);
    }
}
