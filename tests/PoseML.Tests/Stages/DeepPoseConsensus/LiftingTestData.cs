using PoseML.Data.View;
using PoseML.Nn.Networks;
using PoseML.Stages.DeepPoseConsensus;
using PoseML.Stages.GroupLifters;
using PoseML.Tests.Pipeline;

namespace PoseML.Tests.Stages.DeepPoseConsensus;

/// <summary>Small data and settings shared by the lifting tests (kept small: the engine may be the scalar reference).</summary>
internal static class LiftingTestData
{
    private static readonly Lazy<InMemoryDataView> SmallData = new(() => SyntheticPoses.Create(subjects: 3, framesPerSubject: 24));

    /// <summary>3 subjects × 24 frames × 2 cameras (the stage contract holds the last subject out for validation).</summary>
    public static InMemoryDataView Small => SmallData.Value;

    /// <summary>Tiny lifters: width 16, one residual block, 2 epochs, no dropout.</summary>
    public static GroupLifterOptions TinyLifter { get; } = new()
    {
        Width = 16, ResidualBlocks = 1, Epochs = 2, BatchSize = 16, Dropout = 0f, MaxThreads = 1,
    };

    /// <summary>DPCN with 5-joint groups, m_g = 2, tiny lifters.</summary>
    public static DeepPoseConsensusOptions TinyDpcn { get; } = DeepPoseConsensusOptions.Dpcn with
    {
        Groups = DeepPoseConsensusOptions.Dpcn.Groups with { GroupSize = 5, MinCoverage = 2 },
        Lifter = TinyLifter,
    };

    /// <summary>The Martinez baseline with tiny lifters.</summary>
    public static DeepPoseConsensusOptions TinyMartinez { get; } = DeepPoseConsensusOptions.Martinez with
    {
        Lifter = TinyLifter with { Activation = LifterActivation.ReLU, UseAggregationLoss = false },
    };
}
