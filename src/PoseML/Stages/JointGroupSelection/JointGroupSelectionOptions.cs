using PoseML.Core;
using PoseML.MLNet;

namespace PoseML.Stages.JointGroupSelection;

/// <summary>Options of <see cref="JointGroupSelectionEstimator"/>.</summary>
public sealed record JointGroupSelectionOptions
{
    /// <summary>The 3D pose column (float[J,3]) read by the weighted strategy.</summary>
    public string LabelColumnName { get; init; } = JointGroupSelectionDefaults.LabelColumnName;

    /// <summary>How groups are chosen.</summary>
    [Choice(JointGroupStrategy.Weighted, JointGroupStrategy.Random, JointGroupStrategy.BodyParts)]
    public JointGroupStrategy Strategy { get; init; } = JointGroupSelectionDefaults.Strategy;

    /// <summary>λ of Eq. 2 on the max-normalised similarity (weighted strategy).</summary>
    [Range(0.0, 50.0)]
    public double Lambda { get; init; } = JointGroupSelectionDefaults.Lambda;

    /// <summary>Joints per group n_g (weighted and random strategies), between 2 and the joint count.</summary>
    [Range(4, 17)]
    public int GroupSize { get; init; } = JointGroupSelectionDefaults.GroupSize;

    /// <summary>Groups are drawn until every joint is in at least m_g groups (weighted and random strategies).</summary>
    [Range(1, 20)]
    public int MinCoverage { get; init; } = JointGroupSelectionDefaults.MinCoverage;

    /// <summary>Seed of the sampler.</summary>
    public int Seed { get; init; } = JointGroupSelectionDefaults.Seed;

    /// <summary>The training sequence of Eq. 1: the subject whose frames are used; null (default) takes the
    /// first subject of the training data. Ignored when the data has no Subject column.</summary>
    public string? Subject { get; init; }

    /// <summary>The action of the training sequence; null (default) takes the first action of the chosen subject.</summary>
    public string? Action { get; init; }

    /// <summary>Fixed groups for <see cref="JointGroupStrategy.User"/>: joint-index lists (0-based).</summary>
    public int[][]? UserGroups { get; init; }

    /// <summary>Checks every option.</summary>
    /// <exception cref="InvalidOptionException">An option is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(LabelColumnName)) throw new InvalidOptionException(nameof(LabelColumnName), "must name a column");
        if (!Enum.IsDefined(Strategy)) throw new InvalidOptionException(nameof(Strategy), $"unknown strategy {(int)Strategy}");
        if (!(Lambda >= 0) || double.IsInfinity(Lambda)) throw new InvalidOptionException(nameof(Lambda), $"must be finite and >= 0, got {Lambda}");
        if (GroupSize < 2) throw new InvalidOptionException(nameof(GroupSize), $"must be >= 2, got {GroupSize}");
        if (MinCoverage < 1) throw new InvalidOptionException(nameof(MinCoverage), $"must be >= 1, got {MinCoverage}");
        if (Strategy == JointGroupStrategy.User && (UserGroups is null || UserGroups.Length == 0))
            throw new InvalidOptionException(nameof(UserGroups), "the User strategy needs at least one group");
    }
}
