namespace PoseML.Stages.JointGroupSelection;

/// <summary>How <see cref="JointGroupSelectionEstimator"/> chooses the joint groups.</summary>
public enum JointGroupStrategy
{
    /// <summary>The paper's Eq. 1–2 similarity-weighted sampling over one training sequence (§4.1).</summary>
    Weighted,

    /// <summary>Uniformly random groups (the paper's "random selection" ablation; Eq. 2 with λ = 0).</summary>
    Random,

    /// <summary>Six overlapping body-part groups of the Human3.6M 17-joint skeleton.</summary>
    BodyParts,

    /// <summary>The groups given in <see cref="JointGroupSelectionOptions.UserGroups"/>.</summary>
    User,

    /// <summary>One group of every joint: a single lifter, i.e. the Martinez et al. baseline.</summary>
    AllJoints,
}
