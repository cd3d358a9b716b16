using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.MLNet;

namespace PoseML.Stages.JointGroupSelection;

/// <summary>Chooses the overlapping joint groups of Deep Pose Consensus Networks (§4.1) as an ML.NET estimator,
/// with the same sampler as PoseML's <see cref="JointGroupSelection.JointGroupSelectionEstimator"/> (by default
/// Eq. 1–2 on one training sequence). The fitted <see cref="JointGroupSelectionTransformer"/> passes the data
/// through and exposes <see cref="JointGroupSelectionTransformer.Groups"/>, which the group lifters and the
/// consensus are built from. Create it with <c>mlContext.Transforms.SelectJointGroups(…)</c>.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Property</term><description>Value</description></listheader>
/// <item><term>Needs Fit?</term><description>Yes (reads one sequence of the label column; the fixed strategies read only its shape)</description></item>
/// <item><term>Input column</term><description>none at transform time</description></item>
/// <item><term>Label column</term><description>Pose3D float[J,3]; Subject, Action text, Camera int (optional, choose the sequence)</description></item>
/// <item><term>Output column</term><description>none (identity); the groups are a property of the fitted stage</description></item>
/// <item><term>Trainable</term><description>No (sampled once, by the options' seed)</description></item>
/// <item><term>Saved as</term><description>An empty <c>TransformerChain</c> (a no-op ML.NET saves natively). The groups are not saved with this stage: they live on in the saved forms of the stages built from them (the group lifters' ONNX graph, the consensus state).</description></item>
/// </list>
/// </remarks>
public sealed class JointGroupSelectionEstimator : IEstimator<JointGroupSelectionTransformer>
{
    private readonly PoseRunContext _run;

    /// <summary>Creates the estimator (prefer the catalog method).</summary>
    public JointGroupSelectionEstimator(PoseRunContext run, JointGroupSelectionOptions options)
    {
        _run = run ?? throw new ArgumentNullException(nameof(run));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
    }

    /// <summary>The options.</summary>
    public JointGroupSelectionOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="SchemaMismatchException">The label column is missing or not float[J,3].</exception>
    public JointGroupSelectionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _ = RequirePoses(input.Schema, Options.LabelColumnName);
        return new JointGroupSelectionTransformer(Options, JointGroupSelector.Select(_run, Options, input));
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        PoseColumnTypes.RequireFloatVector(inputSchema, Options.LabelColumnName, 0, 3);
        return inputSchema;
    }

    /// <summary>The joint count of the 3D pose column <paramref name="name"/> (float[J,3], J ≥ 2).</summary>
    /// <exception cref="SchemaMismatchException">The column is missing or not such a vector.</exception>
    internal static int RequirePoses(DataViewSchema schema, string name)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new SchemaMismatchException(name, $"missing; expected float[J,3] 3D poses (columns present: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))})");
        if (column.Type is not VectorDataViewType { IsKnownSize: true, Dimensions: [var joints, 3] } v || v.ItemType != NumberDataViewType.Single || joints < 2)
            throw new SchemaMismatchException(name, $"expected float[J,3] 3D poses (J ≥ 2), found {PoseColumnTypes.Describe(column.Type)}");
        return joints;
    }
}
