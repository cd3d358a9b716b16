using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.MLNet;

namespace PoseML.Stages.RarePose;

/// <summary>Scores how common each 3D pose is in a reference set (SRNet Eq. 9–10, <see cref="OccurrenceScorer"/>):
/// <see cref="Fit"/> reads the reference poses once; the transformer adds the occurrence <c>OCC_O(J)</c> in [0, 1].
/// Create it with <c>mlContext.Transforms.ScoreOccurrence(…)</c>.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Property</term><description>Value</description></listheader>
/// <item><term>Needs Fit?</term><description>Yes: reads the reference poses (σ_i and, in fast mode, the density grids)</description></item>
/// <item><term>Input column</term><description>Pose3D float[J,3] (mm)</description></item>
/// <item><term>Output column</term><description>Occurrence float (scalar); NaN for a pose with a missing joint</description></item>
/// <item><term>Trainable</term><description>No (statistics only)</description></item>
/// <item><term>Saved as</term><description>Exact mode: an ONNX graph holding the scaled reference set as initializers (squared distances by batched MatMul, exp, mean), applied with <c>ApplyOnnxModel</c>, then a stateless named <c>CustomMapping</c> unwrapping the graph's [1] output to a float. Fast mode: not savable (ONNX Runtime 1.32's GridSample refuses cubic on 5-D input, measured; trilinear would break the error bound), saving throws <see cref="NotSupportedException"/>.</description></item>
/// </list>
/// Fast mode answers within <see cref="OccurrenceScorer.ErrorBound"/> (≈ 0.0019) of the definition; exact mode costs O(N·M·J).
/// </remarks>
public sealed class RarePoseEstimator : IEstimator<RarePoseTransformer>
{
    private readonly PoseRunContext? _run;

    /// <summary>Creates the estimator (prefer the catalog method).</summary>
    /// <exception cref="InvalidOptionException">An option is out of range.</exception>
    public RarePoseEstimator(RarePoseOptions options) : this(options, null)
    {
    }

    internal RarePoseEstimator(RarePoseOptions options, PoseRunContext? run)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        _run = run;
    }

    /// <summary>The options.</summary>
    public RarePoseOptions Options { get; }

    /// <inheritdoc />
    public RarePoseTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var joints = RequirePoses(input.Schema, Options.InputColumnName, null);
        if (Options.Sigma is { } sigma && sigma.Length != joints)
            throw new SchemaMismatchException(Options.InputColumnName, $"expected float[{sigma.Length},3] (one joint per σ option), found float[{joints},3]");
        if (Options.RootJoint >= joints)
            throw new SchemaMismatchException(Options.InputColumnName, $"expected at least {Options.RootJoint + 1} joints (RootJoint = {Options.RootJoint}), found float[{joints},3]");
        _run?.ThrowIfCancellationRequested();
        _run?.Report(0, 1, "reading the reference poses");
        var scorer = OccurrenceScorer.Fit(input, Options);
        _run?.Report(1, 1);
        return new RarePoseTransformer(scorer, input.Schema);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        PoseColumnTypes.RequireFloatVector(inputSchema, Options.InputColumnName, "3D poses float[J,3]");
        return SchemaShapes.With(inputSchema, [(Options.OutputColumnName, NumberDataViewType.Single)]);
    }

    /// <summary>Checks that <paramref name="name"/> is a float[J,3] vector (J = <paramref name="joints"/> when given) and returns J.</summary>
    /// <exception cref="SchemaMismatchException">The column is missing or has another type or shape.</exception>
    internal static int RequirePoses(DataViewSchema schema, string name, int? joints)
    {
        var expected = $"3D poses float[{(joints is { } e ? e.ToString(System.Globalization.CultureInfo.InvariantCulture) : "J")},3] (mm)";
        var column = schema.GetColumnOrNull(name)
            ?? throw new SchemaMismatchException(name, $"missing; expected {expected} (columns present: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))})");
        if (column.Type is not VectorDataViewType { IsKnownSize: true, Dimensions: [var j, 3] } v || v.ItemType != NumberDataViewType.Single || (joints is { } want && j != want))
            throw new SchemaMismatchException(name, $"expected {expected}, found {PoseColumnTypes.Describe(column.Type)}");
        return j;
    }
}
