using PoseML.Pipeline.Catalogs;
using PoseML.Stages.Normalization;

namespace PoseML.Pipeline;

/// <summary>Normalisation stages on <c>ctx.Transforms</c>.</summary>
public static class NormalizationCatalog
{
    /// <summary>Z-scores a float column per element with the mean and standard deviation of the training data
    /// (see <see cref="NormalizeMeanVarianceEstimator"/>). ML.NET argument order: output column first; the input
    /// defaults to the output column (normalised in place).</summary>
    public static NormalizeMeanVarianceEstimator NormalizeMeanVariance(this TransformsCatalog catalog,
        string outputColumnName = Defaults.ColumnName, string? inputColumnName = null, long maximumExampleCount = Defaults.MaximumExampleCount) =>
        catalog.NormalizeMeanVariance(new NormalizeMeanVarianceOptions
        {
            OutputColumnName = outputColumnName, InputColumnName = inputColumnName, MaximumExampleCount = maximumExampleCount,
        });

    /// <summary>Z-scores a float column per element, with every option.</summary>
    public static NormalizeMeanVarianceEstimator NormalizeMeanVariance(this TransformsCatalog catalog, NormalizeMeanVarianceOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NormalizeMeanVarianceEstimator(catalog.Context, options);
    }
}
