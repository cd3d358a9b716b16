using PoseML.Core;
using PoseML.MLNet;

namespace PoseML.Stages.Regression;

/// <summary>Options of <see cref="LinearLifterEstimator"/>.</summary>
public sealed record LinearLifterOptions
{
    /// <summary>The input column (float, any shape; e.g. Keypoints2D float[J,2], normalised).</summary>
    public string InputColumnName { get; init; } = LinearLifterDefaults.InputColumnName;

    /// <summary>The label column (float, any shape; e.g. Pose3D float[J,3]).</summary>
    public string LabelColumnName { get; init; } = LinearLifterDefaults.LabelColumnName;

    /// <summary>The output column, of the label's type.</summary>
    public string OutputColumnName { get; init; } = LinearLifterDefaults.OutputColumnName;

    /// <summary>Ridge penalty: the fit minimises <c>(1/n)·‖XW + b − Y‖² + L2·‖W‖²</c> (the bias is not penalised).
    /// 0 gives ordinary least squares (minimum-norm when the inputs are rank-deficient).</summary>
    [Range(1e-6, 10, log: true)]
    public double L2 { get; init; } = LinearLifterDefaults.L2;

    /// <summary>Whether to learn a bias (intercept).</summary>
    public bool FitIntercept { get; init; } = true;

    /// <summary>Checks every option.</summary>
    /// <exception cref="InvalidOptionException">An option is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(InputColumnName)) throw new InvalidOptionException(nameof(InputColumnName), "must name a column");
        if (string.IsNullOrWhiteSpace(LabelColumnName)) throw new InvalidOptionException(nameof(LabelColumnName), "must name a column");
        if (string.IsNullOrWhiteSpace(OutputColumnName)) throw new InvalidOptionException(nameof(OutputColumnName), "must name a column");
        if (!(L2 >= 0) || double.IsInfinity(L2)) throw new InvalidOptionException(nameof(L2), $"must be finite and >= 0, got {L2}");
    }
}
