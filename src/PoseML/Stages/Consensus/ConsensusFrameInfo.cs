namespace PoseML.Stages.Consensus;

/// <summary>What the solver did for one frame.</summary>
/// <param name="Iterations">ADMM iterations used (0 for least squares or a frame with nothing to solve).</param>
/// <param name="Converged">False when the frame stopped at the iteration cap.</param>
/// <param name="Mu">The penalty μ used (0 for least squares).</param>
/// <param name="MissingJoints">Joints reported missing (NaN) in this frame.</param>
public readonly record struct ConsensusFrameInfo(int Iterations, bool Converged, double Mu, int MissingJoints);

/// <summary>Totals over one batch.</summary>
/// <param name="Frames">Frames solved.</param>
/// <param name="Unconverged">Frames that reached the iteration cap.</param>
/// <param name="TotalIterations">Sum of per-frame iterations.</param>
/// <param name="FramesWithMissingJoints">Frames with at least one missing joint.</param>
public readonly record struct ConsensusBatchSummary(int Frames, int Unconverged, long TotalIterations, int FramesWithMissingJoints)
{
    /// <summary>Mean iterations per frame.</summary>
    public double MeanIterations => Frames == 0 ? 0 : (double)TotalIterations / Frames;
}

/// <summary>One ADMM iterate, reported by <see cref="ConsensusSolver.SolveTraced"/>.</summary>
/// <param name="Iteration">0 for the least-squares warm start, then 1, 2, ….</param>
/// <param name="Objective">The solver's objective at this iterate's G: Σ rows ‖AG − F‖₂ (l2,1) or Σ |AG − F| (l1).</param>
/// <param name="PrimalResidual">‖AG − F − N‖.</param>
/// <param name="DualResidual">μ‖A'ᵀ(N − N_prev)‖.</param>
/// <param name="Mu">The penalty μ.</param>
public readonly record struct ConsensusIteration(int Iteration, double Objective, double PrimalResidual, double DualResidual, double Mu);
