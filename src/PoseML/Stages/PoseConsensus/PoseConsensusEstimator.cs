using IDataView = Microsoft.ML.IDataView;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.PoseConsensus;

/// <summary>The consensus step of Deep Pose Consensus Networks (§5, Eq. 7–11) as a pipeline stage: fuses the
/// stacked centred group estimates into one root-relative pose with <see cref="Consensus.ConsensusSolver"/>
/// (l2,1 ADMM by default). Nothing is learnt: <see cref="Fit"/> only checks the schema. Create it with
/// <c>ctx.Consensus.PoseConsensus(groups, …)</c>.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Property</term><description>Value</description></listheader>
/// <item><term>Needs Fit?</term><description>No (the joint groups are given)</description></item>
/// <item><term>Input column</term><description>GroupPoses3D float[Σn_g,3] (mm); Confidence float[J] (optional; joints with confidence 0 leave their groups' rows)</description></item>
/// <item><term>Output column</term><description>PredictedPose3D float[J,3] root-relative mm (NaN where no group places the joint); MissingJoints int[J] (1 = missing)</description></item>
/// <item><term>Trainable</term><description>No</description></item>
/// <item><term>GPU</term><description>No</description></item>
/// </list>
/// Non-finite estimate rows are dropped like zero-confidence rows, never propagated into other joints.
/// </remarks>
public sealed class PoseConsensusEstimator : IEstimator<PoseConsensusTransformer>, IHasPoseContext
{
    /// <summary>Creates the estimator (prefer the catalog method).</summary>
    public PoseConsensusEstimator(PoseContext context, PoseConsensusOptions options, JointGroups groups)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Groups = groups ?? throw new ArgumentNullException(nameof(groups));
        options.Validate();
        _ = new Consensus.ConsensusSolver(groups, options.SolverOptions()); // option and group checks now
    }

    /// <inheritdoc />
    public PoseContext Context { get; }

    /// <summary>The options.</summary>
    public PoseConsensusOptions Options { get; }

    /// <summary>The joint groups whose estimates are fused.</summary>
    public JointGroups Groups { get; }

    /// <inheritdoc />
    public BatchSchema GetOutputSchema(BatchSchema inputSchema) => PoseConsensusTransformer.OutputSchema(inputSchema, Options, Groups);

    /// <inheritdoc />
    public PoseConsensusTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _ = GetOutputSchema(input.Columns());
        return new PoseConsensusTransformer(Context, Options, Groups);
    }
}
