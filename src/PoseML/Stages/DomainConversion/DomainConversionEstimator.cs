using Microsoft.ML;
using PoseML.Core;
using PoseML.MLNet;

namespace PoseML.Stages.DomainConversion;

/// <summary>Converts per-joint heatmaps to 2D keypoints in image pixels (Deep Pose Consensus Networks §6, Eq. 13):
/// soft-argmax with Sum or Softmax(β) normalisation, or argmax, then the heatmap-to-image mapping
/// (<see cref="HeatmapImageMapping"/>). Nothing is learnt; <see cref="Fit"/> records the heatmap shape. Create it with
/// <c>mlContext.Transforms.ConvertHeatmapsToKeypoints(…)</c>.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Property</term><description>Value</description></listheader>
/// <item><term>Needs Fit?</term><description>No (Fit records the heatmap shape; reads no rows)</description></item>
/// <item><term>Input column</term><description>Heatmaps float[J,H,W]; optionally a per-row mapping float[4] (<see cref="DomainConversionOptions.MappingColumnName"/>)</description></item>
/// <item><term>Output columns</term><description>Keypoints2D float[J,2] (image pixels, x then y; NaN for a missing joint); Confidence float[J] (peak clamped to [0,1], 0 when missing; optional)</description></item>
/// <item><term>Trainable</term><description>No</description></item>
/// <item><term>Saved as</term><description>An ONNX graph (MatMul with a coordinate grid, Softmax, ArgMax) applied with <c>ApplyOnnxModel</c>; loads with the same column types and needs no PoseML. Loaded output matches within float rounding (other summation order).</description></item>
/// </list>
/// </remarks>
public sealed class DomainConversionEstimator : IEstimator<DomainConversionTransformer>
{
    /// <summary>Creates the estimator (prefer the catalog method).</summary>
    /// <exception cref="InvalidOptionException">An option is out of range.</exception>
    public DomainConversionEstimator(DomainConversionOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
    }

    /// <summary>The options.</summary>
    public DomainConversionOptions Options { get; }

    /// <inheritdoc />
    public DomainConversionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (joints, height, width) = DomainConversionTransformer.RequireHeatmaps(input.Schema, Options.InputColumnName);
        if (Options.MappingColumnName is { } mapping) PoseColumnTypes.RequireFloatVector(input.Schema, mapping, 4);
        return new DomainConversionTransformer(Options, joints, height, width, input.Schema);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        PoseColumnTypes.RequireFloatVector(inputSchema, Options.InputColumnName, "heatmaps float[J,H,W]");
        if (Options.MappingColumnName is { } mapping) PoseColumnTypes.RequireFloatVector(inputSchema, mapping, 4);
        // a shape column records kinds, not sizes: any fixed-size float vector stands for [J,2] and [J]
        var added = new List<(string, Microsoft.ML.Data.DataViewType)> { (Options.OutputColumnName, PoseColumnTypes.Keypoints2D(1)) };
        if (Options.ConfidenceColumnName is { } c) added.Add((c, PoseColumnTypes.PerJoint(1)));
        return SchemaShapes.With(inputSchema, added);
    }
}
