using Microsoft.ML;
using PoseML.MLNet;

namespace PoseML.Stages.Regression;

/// <summary>The linear lifter on <c>mlContext.Transforms</c>.</summary>
public static class LinearLifterCatalog
{
    /// <summary>Closed-form ridge regression from a 2D column to a 3D column (see <see cref="LinearLifterEstimator"/>).</summary>
    public static LinearLifterEstimator LinearLifter(this TransformsCatalog catalog,
        string labelColumnName = LinearLifterDefaults.LabelColumnName, string inputColumnName = LinearLifterDefaults.InputColumnName,
        string outputColumnName = LinearLifterDefaults.OutputColumnName, double l2 = LinearLifterDefaults.L2) =>
        catalog.LinearLifter(new LinearLifterOptions
        {
            LabelColumnName = labelColumnName, InputColumnName = inputColumnName, OutputColumnName = outputColumnName, L2 = l2,
        });

    /// <summary>Closed-form ridge regression with every option.</summary>
    public static LinearLifterEstimator LinearLifter(this TransformsCatalog catalog, LinearLifterOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new LinearLifterEstimator(PoseRun.For(catalog, "LinearLifter"), options);
    }
}
