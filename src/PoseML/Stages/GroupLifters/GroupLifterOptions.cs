using PoseML.Core;
using PoseML.Nn.Networks;
using PoseML.MLNet;

namespace PoseML.Stages.GroupLifters;

/// <summary>Options of <see cref="GroupLifterEstimator"/>: the architecture of each group's lifter and the training schedule.</summary>
public sealed record GroupLifterOptions
{
    /// <summary>The input column: 2D keypoints float[J,2] (pixels; z-scored per dimension inside the stage).</summary>
    public string InputColumnName { get; init; } = GroupLifterDefaults.InputColumnName;

    /// <summary>The label column: 3D poses float[J,3] in mm.</summary>
    public string LabelColumnName { get; init; } = GroupLifterDefaults.LabelColumnName;

    /// <summary>The output column: stacked centred group estimates float[Σn_g, 3] in mm.</summary>
    public string OutputColumnName { get; init; } = GroupLifterDefaults.OutputColumnName;

    /// <summary>Hidden width of each group's lifter.</summary>
    [Choice(128, 256, 512, 1024)]
    public int Width { get; init; } = GroupLifterDefaults.Width;

    /// <summary>Residual blocks per lifter.</summary>
    [Range(0, 4)]
    public int ResidualBlocks { get; init; } = GroupLifterDefaults.ResidualBlocks;

    /// <summary>Dropout probability in [0, 1).</summary>
    [Range(0.0, 0.7)]
    public float Dropout { get; init; } = GroupLifterDefaults.Dropout;

    /// <summary>Activation after each BatchNorm.</summary>
    [Choice(LifterActivation.LeakyReLU, LifterActivation.ReLU)]
    public LifterActivation Activation { get; init; } = GroupLifterDefaults.Activation;

    /// <summary>Negative slope of the LeakyReLU.</summary>
    public float LeakySlope { get; init; } = 0.2f;

    /// <summary>Mini-batch size.</summary>
    [Choice(32, 64, 128, 256, 512)]
    public int BatchSize { get; init; } = GroupLifterDefaults.BatchSize;

    /// <summary>Maximum number of epochs.</summary>
    [Range(1, 200, log: true)]
    public int Epochs { get; init; } = GroupLifterDefaults.Epochs;

    /// <summary>Initial RMSProp learning rate.</summary>
    [Range(1e-4, 1e-2, log: true)]
    public double LearningRate { get; init; } = GroupLifterDefaults.LearningRate;

    /// <summary>Learning-rate factor per epoch (exponential decay, applied per step as γ^(step/steps per epoch)); 1 keeps it constant.</summary>
    [Range(0.8, 1.0)]
    public double LearningRateDecay { get; init; } = GroupLifterDefaults.LearningRateDecay;

    /// <summary>Max-norm bound on each unit's incoming weights after every step; 0 turns it off.</summary>
    [Range(0.5, 10.0, log: true)]
    public float MaxNorm { get; init; } = GroupLifterDefaults.MaxNorm;

    /// <summary>Whether L_aggre (Eq. 12) is added to L_lifting (true: the paper's setting; false, the default: its
    /// "w/o L_aggre" row, which wins on held-out subjects in our measurements, docs/results.md).</summary>
    public bool UseAggregationLoss { get; init; } = GroupLifterDefaults.UseAggregationLoss;

    /// <summary>Which reading of Eq. 12 L_aggre uses when it is on (see <see cref="GroupLifters.AggregationReading"/> for the gradients).</summary>
    public AggregationReading AggregationReading { get; init; } = GroupLifterDefaults.AggregationReading;

    /// <summary>Weight of L_aggre (see <see cref="GroupLiftingLoss"/> for the units).</summary>
    [Range(0.1, 10.0, log: true)]
    public double AggregationWeight { get; init; } = GroupLifterDefaults.AggregationWeight;

    /// <summary>Epochs trained with L_lifting alone before L_aggre is added (the paper adds L_aggre to pre-trained
    /// lifters); 0 uses it from the first step.</summary>
    public int AggregationWarmupEpochs { get; init; }

    /// <summary>When fitting without separate validation data: this many subjects (the last ones in ordinal
    /// order) are held out for validation and early stopping. 0 trains on everything for every epoch.</summary>
    public int ValidationSubjects { get; init; } = GroupLifterDefaults.ValidationSubjects;

    /// <summary>Stop after this many epochs without a lower validation MPJPE; the best epoch's weights are kept.
    /// 0 runs every epoch (still keeping the best weights).</summary>
    public int Patience { get; init; } = GroupLifterDefaults.Patience;

    /// <summary>Seed of the initial weights, dropout masks and shuffling; null draws one from the context.</summary>
    public int? Seed { get; init; }

    /// <summary>Threads the GEMMs may use (≤ 0: every core). Results do not depend on it.</summary>
    public int MaxThreads { get; init; }

    /// <summary>Checks every option.</summary>
    /// <exception cref="InvalidOptionException">An option is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(InputColumnName)) throw new InvalidOptionException(nameof(InputColumnName), "must name a column");
        if (string.IsNullOrWhiteSpace(LabelColumnName)) throw new InvalidOptionException(nameof(LabelColumnName), "must name a column");
        if (string.IsNullOrWhiteSpace(OutputColumnName)) throw new InvalidOptionException(nameof(OutputColumnName), "must name a column");
        if (Width < 1) throw new InvalidOptionException(nameof(Width), $"must be >= 1, got {Width}");
        if (ResidualBlocks < 0) throw new InvalidOptionException(nameof(ResidualBlocks), $"must be >= 0, got {ResidualBlocks}");
        if (!(Dropout >= 0 && Dropout < 1)) throw new InvalidOptionException(nameof(Dropout), $"must be in [0, 1), got {Dropout}");
        if (!Enum.IsDefined(Activation)) throw new InvalidOptionException(nameof(Activation), $"unknown activation {(int)Activation}");
        if (!(LeakySlope >= 0)) throw new InvalidOptionException(nameof(LeakySlope), $"must be >= 0, got {LeakySlope}");
        if (BatchSize < 2) throw new InvalidOptionException(nameof(BatchSize), $"must be >= 2 (batch normalisation), got {BatchSize}");
        if (Epochs < 1) throw new InvalidOptionException(nameof(Epochs), $"must be >= 1, got {Epochs}");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new InvalidOptionException(nameof(LearningRate), $"must be finite and > 0, got {LearningRate}");
        if (!(LearningRateDecay > 0 && LearningRateDecay <= 1)) throw new InvalidOptionException(nameof(LearningRateDecay), $"must be in (0, 1], got {LearningRateDecay}");
        if (!(MaxNorm >= 0) || float.IsInfinity(MaxNorm)) throw new InvalidOptionException(nameof(MaxNorm), $"must be finite and >= 0, got {MaxNorm}");
        if (!(AggregationWeight >= 0) || double.IsInfinity(AggregationWeight)) throw new InvalidOptionException(nameof(AggregationWeight), $"must be finite and >= 0, got {AggregationWeight}");
        if (!Enum.IsDefined(AggregationReading)) throw new InvalidOptionException(nameof(AggregationReading), $"unknown reading {(int)AggregationReading}");
        if (AggregationWarmupEpochs < 0) throw new InvalidOptionException(nameof(AggregationWarmupEpochs), $"must be >= 0, got {AggregationWarmupEpochs}");
        if (ValidationSubjects < 0) throw new InvalidOptionException(nameof(ValidationSubjects), $"must be >= 0, got {ValidationSubjects}");
        if (Patience < 0) throw new InvalidOptionException(nameof(Patience), $"must be >= 0, got {Patience}");
    }

    /// <summary>The architecture of the grouped network for <paramref name="groups"/> groups of at most <paramref name="maxGroupSize"/> joints.</summary>
    internal LifterNetworkOptions NetworkOptions(int groups, int maxGroupSize) => new()
    {
        InputFeatures = 2 * maxGroupSize,
        OutputFeatures = 3 * maxGroupSize,
        Groups = groups,
        Width = Width,
        ResidualBlocks = ResidualBlocks,
        Dropout = Dropout,
        Activation = Activation,
        LeakySlope = LeakySlope,
        Initialization = LifterInitialization.KaimingNormal,
        Seed = Seed ?? 0,
    };
}
