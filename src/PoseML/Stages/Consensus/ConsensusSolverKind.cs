namespace PoseML.Stages.Consensus;

/// <summary>The objective the consensus minimises over the pose X and the group translations t.</summary>
public enum ConsensusSolverKind
{
    /// <summary>Eq. 8–9: the l2,1 norm of the residual (sum over stacked joints of the Euclidean residual
    /// norm), solved by scaled ADMM with a row-wise group soft-threshold (Eq. 11). Robust to whole
    /// corrupted joint estimates; the paper's method.</summary>
    L21,

    /// <summary>Eq. 7: the element-wise l1 norm, solved by the same ADMM with an element-wise
    /// soft-threshold. Anisotropic (each coordinate separately); an ablation.</summary>
    L1,

    /// <summary>The least-squares closed form <c>G = A⁺F</c>: fast, not robust to outliers.</summary>
    LeastSquares,
}

/// <summary>How the translation ambiguity of the consensus (adding one vector to every joint and every
/// group translation leaves the residual unchanged) is fixed in the output.</summary>
public enum ConsensusGauge
{
    /// <summary>Pin the root joint at the origin (drop its column of A): root-relative poses, the
    /// convention of Human3.6M evaluation. If a frame's root is seen by no group, that frame falls back
    /// to <see cref="Centroid"/> and the root is reported missing.</summary>
    Root,

    /// <summary>Centre the determined joints at the origin (their mean is zero). This is the
    /// minimum-norm choice for X alone; the pseudo-inverse minimum norm of the full A would also mix
    /// the group translations into the pose, so it is not offered. Same residuals, same iterations.</summary>
    Centroid,
}
