using Microsoft.ML;
using PoseML.MLNet;
using PoseML.Nn.Networks;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.JointGroupSelection;

namespace PoseML.Stages.DeepPoseConsensus;

/// <summary>Deep Pose Consensus Networks and the Martinez baseline on <c>mlContext.Transforms</c>.</summary>
public static class DeepPoseConsensusCatalog
{
    /// <summary>Groups → group lifters → consensus with the <see cref="DeepPoseConsensusOptions.Dpcn"/> settings (the
    /// paper's, trained with L_lifting only), choosing the lifters' size and schedule (see <see cref="DeepPoseConsensusEstimator"/>).</summary>
    public static DeepPoseConsensusEstimator DeepPoseConsensus(this TransformsCatalog catalog, int width = GroupLifterDefaults.Width,
        int epochs = GroupLifterDefaults.Epochs, int groupSize = JointGroupSelectionDefaults.GroupSize, int? seed = null)
    {
        var o = DeepPoseConsensusOptions.Dpcn;
        return catalog.DeepPoseConsensus(o with
        {
            Groups = o.Groups with { GroupSize = groupSize },
            Lifter = o.Lifter with { Width = width, Epochs = epochs, Seed = seed },
        });
    }

    /// <summary>Deep Pose Consensus Networks with every option.</summary>
    public static DeepPoseConsensusEstimator DeepPoseConsensus(this TransformsCatalog catalog, DeepPoseConsensusOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new DeepPoseConsensusEstimator(PoseRun.For(catalog, "DeepPoseConsensus"), options);
    }

    /// <summary>The Martinez et al. (2017) baseline: one lifter over all joints (<see cref="DeepPoseConsensusOptions.Martinez"/>),
    /// output PredictedPose3D float[J,3]; <paramref name="activation"/> LeakyReLU gives the paper's "n_t = 1" row.</summary>
    public static DeepPoseConsensusEstimator Martinez(this TransformsCatalog catalog, int width = GroupLifterDefaults.Width,
        int epochs = GroupLifterDefaults.Epochs, LifterActivation activation = LifterActivation.ReLU, int? seed = null) =>
        catalog.Martinez(DeepPoseConsensusOptions.Martinez.Lifter with { Width = width, Epochs = epochs, Activation = activation, Seed = seed });

    /// <summary>The Martinez baseline with every lifter option (one group of all joints, least-squares consensus).</summary>
    public static DeepPoseConsensusEstimator Martinez(this TransformsCatalog catalog, GroupLifterOptions lifter)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new DeepPoseConsensusEstimator(PoseRun.For(catalog, "Martinez"), DeepPoseConsensusOptions.Martinez with { Lifter = lifter });
    }
}
