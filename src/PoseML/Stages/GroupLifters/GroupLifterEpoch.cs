namespace PoseML.Stages.GroupLifters;

/// <summary>One training epoch of the group lifters.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="LiftingLoss">Mean L_lifting over the epoch's batches (m² per frame, summed over stacked rows).</param>
/// <param name="AggregationLoss">Mean L_aggre over the epoch's batches (m² per frame; 0 when off).</param>
/// <param name="ValidationMpjpe">MPJPE (mm, Protocol 1) on the validation data of the poses the least-squares consensus
/// makes from the group estimates (NaN without validation data, or when training diverged).</param>
/// <param name="LearningRate">Learning rate at the end of the epoch.</param>
public sealed record GroupLifterEpoch(int Epoch, double LiftingLoss, double AggregationLoss, double ValidationMpjpe, double LearningRate);
