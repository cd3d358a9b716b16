using PoseML.Core;

namespace PoseML.Nn.Networks;

/// <summary>Activation of a <see cref="LifterNetwork"/>.</summary>
public enum LifterActivation
{
    /// <summary>LeakyReLU with <see cref="LifterNetworkOptions.LeakySlope"/> (Deep Pose Consensus Networks).</summary>
    LeakyReLU,

    /// <summary>ReLU (the original Martinez et al. lifter).</summary>
    ReLU,
}

/// <summary>Weight initialisation of a <see cref="LifterNetwork"/>'s linear layers.</summary>
public enum LifterInitialization
{
    /// <summary>PyTorch's <c>nn.Linear</c> default (U(±1/√fan_in) for weight and bias).</summary>
    PyTorchDefault,

    /// <summary>Kaiming (He) normal weights (std √2/√fan_in) and zero biases, as Martinez et al.</summary>
    KaimingNormal,
}

/// <summary>Architecture of a <see cref="LifterNetwork"/>. Feature counts are per group.</summary>
public sealed record LifterNetworkOptions
{
    /// <summary>Input features per group (2 × joints for 2D keypoints).</summary>
    public required int InputFeatures { get; init; }

    /// <summary>Output features per group (3 × joints for 3D joints).</summary>
    public required int OutputFeatures { get; init; }

    /// <summary>Hidden width W (1024 in the papers; 256–512 is practical on a CPU).</summary>
    public int Width { get; init; } = 1024;

    /// <summary>Number of residual blocks R (2 in the papers).</summary>
    public int ResidualBlocks { get; init; } = 2;

    /// <summary>Dropout probability (0.5 in the papers).</summary>
    public float Dropout { get; init; } = 0.5f;

    /// <summary>Activation after each BatchNorm.</summary>
    public LifterActivation Activation { get; init; } = LifterActivation.LeakyReLU;

    /// <summary>Negative slope of the LeakyReLU.</summary>
    public float LeakySlope { get; init; } = 0.2f;

    /// <summary>Number of independent lifters G evaluated together as grouped layers (1: a plain lifter).</summary>
    public int Groups { get; init; } = 1;

    /// <summary>BatchNorm running-statistics momentum.</summary>
    public float BatchNormMomentum { get; init; } = 0.1f;

    /// <summary>Initialisation of the linear layers.</summary>
    public LifterInitialization Initialization { get; init; } = LifterInitialization.PyTorchDefault;

    /// <summary>Seed of the initial weights and of the dropout masks.</summary>
    public int Seed { get; init; }

    /// <summary>Throws <see cref="InvalidOptionException"/> for an option out of range.</summary>
    public void Validate()
    {
        if (InputFeatures <= 0) throw new InvalidOptionException(nameof(InputFeatures), $"must be positive, got {InputFeatures}");
        if (OutputFeatures <= 0) throw new InvalidOptionException(nameof(OutputFeatures), $"must be positive, got {OutputFeatures}");
        if (Width <= 0) throw new InvalidOptionException(nameof(Width), $"must be positive, got {Width}");
        if (ResidualBlocks < 0) throw new InvalidOptionException(nameof(ResidualBlocks), $"must be non-negative, got {ResidualBlocks}");
        if (!(Dropout >= 0 && Dropout < 1)) throw new InvalidOptionException(nameof(Dropout), $"must be in [0, 1), got {Dropout}");
        if (!(LeakySlope >= 0)) throw new InvalidOptionException(nameof(LeakySlope), $"must be non-negative, got {LeakySlope}");
        if (Groups <= 0) throw new InvalidOptionException(nameof(Groups), $"must be positive, got {Groups}");
        if (!(BatchNormMomentum >= 0 && BatchNormMomentum <= 1)) throw new InvalidOptionException(nameof(BatchNormMomentum), $"must be in [0, 1], got {BatchNormMomentum}");
    }
}
