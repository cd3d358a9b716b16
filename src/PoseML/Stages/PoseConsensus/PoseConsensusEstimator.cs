using Microsoft.ML;
using PoseML.MLNet;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.PoseConsensus;

/// <summary>The consensus step of Deep Pose Consensus Networks (§5, Eq. 7–11) as an ML.NET estimator: fuses
/// the stacked centred group estimates into one root-relative pose (l2,1 ADMM by default). Nothing is
/// learnt; <see cref="Fit"/> checks the schema. Create it with <c>mlContext.Transforms.PoseConsensus(groups)</c>.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Property</term><description>Value</description></listheader>
/// <item><term>Needs Fit?</term><description>No (the joint groups are given)</description></item>
/// <item><term>Input columns</term><description>GroupPoses3D float[Σn_g,3] (mm); Confidence float[J] (optional: joints with confidence 0 leave their groups' rows)</description></item>
/// <item><term>Output columns</term><description>PredictedPose3D float[J,3] root-relative mm (NaN where no group sees the joint); MissingJoints int[J] (1 = missing)</description></item>
/// <item><term>Trainable</term><description>No</description></item>
/// <item><term>Saved as</term><description>A named <c>CustomMapping</c>; groups and options travel as text in the model. Loaded models keep the [17,3] shape for 17-joint skeletons; other joint counts load as variable-size vectors.</description></item>
/// </list>
/// </remarks>
public sealed class PoseConsensusEstimator : IEstimator<PoseConsensusTransformer>
{
    /// <summary>Creates the estimator (prefer the catalog method).</summary>
    public PoseConsensusEstimator(PoseConsensusOptions options, JointGroups groups)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Groups = groups ?? throw new ArgumentNullException(nameof(groups));
        options.Validate();
        _ = new Consensus.ConsensusSolver(groups, options.SolverOptions());
    }

    /// <summary>The options.</summary>
    public PoseConsensusOptions Options { get; }

    /// <summary>The joint groups whose estimates are fused.</summary>
    public JointGroups Groups { get; }

    /// <inheritdoc />
    public PoseConsensusTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new PoseConsensusTransformer(Options, Groups, input.Schema);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        PoseColumnTypes.RequireFloatVector(inputSchema, Options.InputColumnName, Groups.RowCount, 3);
        return SchemaShapes.With(inputSchema,
            [(Options.OutputColumnName, PoseColumnTypes.Pose3D(Groups.JointCount)), (Options.MissingColumnName, PoseColumnTypes.IntVector(Groups.JointCount))],
            Options.DropInputColumn ? [Options.InputColumnName] : null);
    }
}
