using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.MLNet;

namespace PoseML.Stages.Regression;

/// <summary>The linear 2D→3D lifter (closed-form ridge regression, <c>Ŷ = X·W + b</c>) as an ML.NET estimator,
/// fitted by the same code as PoseML's <see cref="Regression.LinearLifterEstimator"/> (same bits). Create it with
/// <c>mlContext.Transforms.LinearLifter(…)</c>.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Property</term><description>Value</description></listheader>
/// <item><term>Needs Fit?</term><description>Yes (one pass, closed form)</description></item>
/// <item><term>Input column</term><description>float vector of known size, e.g. Keypoints2D float[J,2] (z-score it first: L2 is scale-dependent)</description></item>
/// <item><term>Label column</term><description>float vector of known size, e.g. Pose3D float[J,3]</description></item>
/// <item><term>Output column</term><description>PredictedPose3D, the label's type</description></item>
/// <item><term>Trainable</term><description>Yes (closed form, no epochs, no randomness)</description></item>
/// <item><term>Saved as</term><description><c>ApplyOnnxModel</c> over a one-frame graph (Reshape, <c>Gemm</c>, Reshape) with the columns' shapes, so the loaded column has the label's name and shape</description></item>
/// </list>
/// </remarks>
public sealed class LinearLifterEstimator : IEstimator<LinearLifterTransformer>
{
    private readonly PoseRunContext _run;

    /// <summary>Creates the estimator (prefer the catalog method).</summary>
    public LinearLifterEstimator(PoseRunContext run, LinearLifterOptions options)
    {
        _run = run ?? throw new ArgumentNullException(nameof(run));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
    }

    /// <summary>The options.</summary>
    public LinearLifterOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="SchemaMismatchException">The input or label column is missing or not a float vector of known size.</exception>
    /// <exception cref="DataFormatException">No rows, or a non-finite input or label.</exception>
    public LinearLifterTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var inputType = RequireKnownFloatVector(input.Schema, Options.InputColumnName);
        var labelType = RequireKnownFloatVector(input.Schema, Options.LabelColumnName);
        var (_, _, weights, bias, rows) = LinearRidge.Fit(_run, Options, input);
        return new LinearLifterTransformer(Options, inputType, labelType, weights, bias, rows, input.Schema);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        PoseColumnTypes.RequireFloatVector(inputSchema, Options.InputColumnName, 0);
        PoseColumnTypes.RequireFloatVector(inputSchema, Options.LabelColumnName, 0);
        var label = inputSchema.Last(c => c.Name == Options.LabelColumnName);
        // A shape knows kinds, not sizes: any known size stands for the label's.
        var output = new VectorDataViewType(NumberDataViewType.Single, label.Kind == SchemaShape.Column.VectorKind.Vector ? 1 : 0);
        return SchemaShapes.With(inputSchema, [(Options.OutputColumnName, output)]);
    }

    internal static VectorDataViewType RequireKnownFloatVector(DataViewSchema schema, string name)
    {
        const string expected = "a float vector of known size (e.g. float[17,2])";
        var column = schema.GetColumnOrNull(name)
            ?? throw new SchemaMismatchException(name, $"missing; expected {expected} (columns present: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))})");
        if (column.Type is not VectorDataViewType { IsKnownSize: true } type || type.ItemType != NumberDataViewType.Single)
            throw new SchemaMismatchException(name, $"expected {expected}, found {PoseColumnTypes.Describe(column.Type)}");
        return type;
    }
}
