using PoseML.Nn.Networks;
using PoseML.Pipeline.Catalogs;
using PoseML.Stages.DeepPoseConsensus;

namespace PoseML.Pipeline;

/// <summary>Deep Pose Consensus Networks and the Martinez baseline on <c>ctx.Lifting</c>.</summary>
public static class DeepPoseConsensusCatalog
{
    /// <summary>Groups → group lifters → consensus with the paper's settings, choosing the lifters' size and
    /// schedule (see <see cref="DeepPoseConsensusEstimator"/>).</summary>
    public static DeepPoseConsensusEstimator DeepPoseConsensus(this LiftingCatalog catalog, int width = Stages.GroupLifters.Defaults.Width,
        int epochs = Stages.GroupLifters.Defaults.Epochs, int groupSize = Stages.JointGroupSelection.Defaults.GroupSize, int? seed = null)
    {
        var o = DeepPoseConsensusOptions.Dpcn;
        return catalog.DeepPoseConsensus(o with
        {
            Groups = o.Groups with { GroupSize = groupSize },
            Lifter = o.Lifter with { Width = width, Epochs = epochs, Seed = seed },
        });
    }

    /// <summary>Deep Pose Consensus Networks with every option.</summary>
    public static DeepPoseConsensusEstimator DeepPoseConsensus(this LiftingCatalog catalog, DeepPoseConsensusOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new DeepPoseConsensusEstimator(catalog.Context, options);
    }

    /// <summary>The Martinez et al. (2017) baseline: one lifter over all joints (<see cref="DeepPoseConsensusOptions.Martinez"/>);
    /// <paramref name="activation"/> LeakyReLU gives the paper's "n_t = 1" row.</summary>
    public static DeepPoseConsensusEstimator Martinez(this LiftingCatalog catalog, int width = Stages.GroupLifters.Defaults.Width,
        int epochs = Stages.GroupLifters.Defaults.Epochs, LifterActivation activation = LifterActivation.ReLU, int? seed = null)
    {
        var o = DeepPoseConsensusOptions.Martinez;
        return catalog.DeepPoseConsensus(o with { Lifter = o.Lifter with { Width = width, Epochs = epochs, Activation = activation, Seed = seed } });
    }
}
