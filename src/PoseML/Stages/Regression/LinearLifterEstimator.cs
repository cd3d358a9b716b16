using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Pipeline;

namespace PoseML.Stages.Regression;

/// <summary>A linear 2D→3D lifter: closed-form ridge regression from every element of the input column to
/// every element of the label column, <c>Ŷ = X·W + b</c> (the simplest lifting baseline, and a sanity check for
/// the deep lifters). One pass accumulates XᵀX and XᵀY in double precision, then a Cholesky solve (an SVD solve
/// when L2 = 0 leaves the system singular). Create it with <c>ctx.Lifting.LinearLifter(…)</c>.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Property</term><description>Value</description></listheader>
/// <item><term>Needs Fit?</term><description>Yes (one pass, closed form)</description></item>
/// <item><term>Input column</term><description>float, any shape, e.g. Keypoints2D float[J,2] (z-score it first: L2 is scale-dependent)</description></item>
/// <item><term>Label column</term><description>float, any shape, e.g. Pose3D float[J,3]</description></item>
/// <item><term>Output column</term><description>PredictedPose3D, the label's type</description></item>
/// <item><term>Trainable</term><description>Yes (closed form, no epochs)</description></item>
/// <item><term>GPU</term><description>No</description></item>
/// </list>
/// NaN or infinite values in the input or label are an error naming the row and column.
/// </remarks>
public sealed class LinearLifterEstimator : IEstimator<LinearLifterTransformer>, IHasPoseContext
{
    /// <summary>Creates the estimator (prefer the catalog method).</summary>
    public LinearLifterEstimator(PoseContext context, LinearLifterOptions options)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
    }

    /// <inheritdoc />
    public PoseContext Context { get; }

    /// <summary>The options.</summary>
    public LinearLifterOptions Options { get; }

    /// <inheritdoc />
    public BatchSchema GetOutputSchema(BatchSchema inputSchema)
    {
        RequireFloat(inputSchema, Options.InputColumnName);
        var label = RequireFloat(inputSchema, Options.LabelColumnName);
        return inputSchema.With((Options.OutputColumnName, label));
    }

    /// <inheritdoc />
    public LinearLifterTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _ = GetOutputSchema(input.Columns());
        var (inputType, labelType, weights, bias, rows) = LinearRidge.Fit(Context.ToRunContext("LinearLifter"), Options, input);
        return new LinearLifterTransformer(Context, Options, inputType, labelType, weights, bias, rows);
    }

    private static ColumnType RequireFloat(BatchSchema schema, string column)
    {
        var c = schema[column];
        if (c.Type.Kind != DataKind.Float32 || c.Type.Shape.Length == 0)
            throw new SchemaMismatchException(column, $"expected a float column with a shape (e.g. float[17,2]), found {c.Type}");
        return c.Type;
    }
}
