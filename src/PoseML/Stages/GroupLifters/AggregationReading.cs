namespace PoseML.Stages.GroupLifters;

/// <summary>Which reading of the aggregation loss (Deep Pose Consensus Networks §6, Eq. 12,
/// <c>L_aggre = Σ_j ‖X|_{g_j} W_j − X̂_{g_j}‖²</c>) trains the group lifters; see <see cref="GroupLiftingLoss"/>
/// for the gradient of each.</summary>
/// <remarks>
/// F is the stacked group estimates ([rows, 3], metres), M the symmetric idempotent map F ↦ the stacked, per-group
/// centred least-squares consensus (<see cref="Consensus.AggregationLoss"/>):
/// <list type="bullet">
/// <item><see cref="ThroughConsensus"/>: X = least-squares consensus of F, differentiated through it:
/// L = ‖(M − I)F‖², ∂L/∂F = 2(M − I)ᵀ(M − I)F = 2(I − M)F (M = Mᵀ = M²).</item>
/// <item><see cref="StopGradient"/>: X = the same consensus held constant (a pull towards the ensemble):
/// L = ‖c − F‖² with c = MF frozen, ∂L/∂F = 2(F − c) = 2(I − M)F: <b>the same gradient</b> as
/// <see cref="ThroughConsensus"/>. That is no accident: ‖(I − M)F‖² = min_G ‖AG − F‖² + Σ_j n_j‖mean(F_j)‖²,
/// and by the envelope theorem the minimiser's dependence on F drops out of the gradient. (The third way,
/// gradient through the consensus only, L = ‖MF − sg(F)‖², gives 2M(M − I)F = 0 and trains nothing.)</item>
/// <item><see cref="RobustConsensus"/>: X = the l2,1 consensus (Eq. 8, the one used at test time) held constant:
/// ∂L/∂F = 2(F − c_r), c_r the stacked, per-group centred l2,1 consensus. Unlike least squares it differs from
/// the other two wherever some group is far off, where it pulls the good groups less towards the bad one. It is
/// not differentiated through the ADMM solver (the paper reports that the l2,1 loss destabilised back-propagation,
/// and the solver's fixed point is not smooth where a residual row vanishes).</item>
/// </list>
/// Relative weighting (<see cref="GroupLifterOptions.AggregationWeight"/>): both terms are sums over the Σn_g
/// stacked rows; a weight of 1/m_g (m_g groups per joint) is the reading in which L_aggre is averaged over the
/// groups that share each joint rather than summed.
/// </remarks>
public enum AggregationReading
{
    /// <summary>X = least-squares consensus, gradient through it (the literal Eq. 12; the default before issue 11).</summary>
    ThroughConsensus,

    /// <summary>X = least-squares consensus held constant; same gradient as <see cref="ThroughConsensus"/> (kept for the ablation).</summary>
    StopGradient,

    /// <summary>X = the l2,1 consensus held constant.</summary>
    RobustConsensus,
}
