using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Pipeline;

namespace PoseML.Stages.DomainConversion;

/// <summary>Converts per-joint heatmaps to 2D keypoints in image pixels: soft-argmax (Deep Pose Consensus Networks §6,
/// Eq. 13; differentiable, exact backward in <see cref="SoftArgmax.Backward"/>) or argmax. Nothing is learned:
/// <see cref="Fit"/> only records the heatmap shape. Create it with <c>ctx.Transforms.ConvertHeatmapsToKeypoints(…)</c>.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Property</term><description>Value</description></listheader>
/// <item><term>Needs Fit?</term><description>No (Fit records the heatmap shape; reads no rows)</description></item>
/// <item><term>Input column</term><description>Heatmaps float[J,H,W]</description></item>
/// <item><term>Output columns</term><description>Keypoints2D float[J,2] (image pixels, x then y); Confidence float[J] (optional)</description></item>
/// <item><term>Trainable</term><description>No (differentiable: gradients pass through to the heatmaps)</description></item>
/// <item><term>GPU</term><description>No</description></item>
/// </list>
/// Pixel centres are at integer coordinates (top-left pixel centre = (0, 0)); heatmap coordinates map to the image by
/// <c>x_img = (x_hm + 0.5)·ScaleX − 0.5 + OffsetX</c> (see <see cref="HeatmapImageMapping"/>). A map whose sum is not
/// positive (Sum normalisation) or that holds a NaN gives a NaN keypoint and confidence 0 (a missing joint).
/// </remarks>
public sealed class DomainConversionEstimator : IEstimator<DomainConversionTransformer>, IHasPoseContext
{
    /// <summary>Creates the estimator (prefer the catalog method).</summary>
    /// <exception cref="InvalidOptionException">An option is out of range.</exception>
    public DomainConversionEstimator(PoseContext context, DomainConversionOptions options)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
    }

    /// <inheritdoc />
    public PoseContext Context { get; }

    /// <summary>The options.</summary>
    public DomainConversionOptions Options { get; }

    /// <inheritdoc />
    public BatchSchema GetOutputSchema(BatchSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return DomainConversionTransformer.OutputSchema(inputSchema, Options, RequireHeatmaps(inputSchema, Options.InputColumnName));
    }

    /// <inheritdoc />
    public DomainConversionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new DomainConversionTransformer(Context, Options, RequireHeatmaps(input.Columns(), Options.InputColumnName));
    }

    internal static ColumnType RequireHeatmaps(BatchSchema schema, string column)
    {
        var c = schema[column];
        if (c.Type.Kind != DataKind.Float32 || c.Type.Shape.Length != 3)
            throw new SchemaMismatchException(column, $"expected heatmaps float[J,H,W] (e.g. float[17,64,64]), found {c.Type}");
        return c.Type;
    }
}
