using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.JointGroupSelection;
using PoseML.Stages.PoseConsensus;

namespace PoseML.Stages.DeepPoseConsensus;

/// <summary>Deep Pose Consensus Networks' 2D→3D path in one estimator: joint-group selection
/// (<see cref="JointGroupSelectionEstimator"/>) → group lifters (<see cref="GroupLifterEstimator"/>) →
/// consensus (<see cref="PoseConsensusEstimator"/>). Fitting returns the three fitted stages as one
/// <see cref="TransformerChain{TLastTransformer}"/>, which saves and loads as one model. With
/// <see cref="DeepPoseConsensusOptions.Martinez"/> it is the Martinez et al. baseline. Create it with
/// <c>ctx.Lifting.DeepPoseConsensus(…)</c> or <c>ctx.Lifting.Martinez(…)</c>.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Property</term><description>Value</description></listheader>
/// <item><term>Needs Fit?</term><description>Yes (samples groups, trains the lifters)</description></item>
/// <item><term>Input column</term><description>Keypoints2D float[J,2] (pixels); Confidence float[J] (optional)</description></item>
/// <item><term>Label column</term><description>Pose3D float[J,3] (mm, camera frame); Subject, Action text (optional: training sequence, validation split)</description></item>
/// <item><term>Output column</term><description>PredictedPose3D float[J,3] root-relative mm; MissingJoints int[J]</description></item>
/// <item><term>Trainable</term><description>Yes (deterministic by seed)</description></item>
/// <item><term>GPU</term><description>No</description></item>
/// </list>
/// The intermediate group estimates are not part of the output (their count depends on the sampled groups);
/// apply the fitted chain's first two stages to see them.
/// </remarks>
public sealed class DeepPoseConsensusEstimator : IEstimator<TransformerChain<PoseConsensusTransformer>>, IHasPoseContext
{
    /// <summary>Creates the estimator (prefer the catalog methods). A null lifter seed is drawn from the context now.</summary>
    public DeepPoseConsensusEstimator(PoseContext context, DeepPoseConsensusOptions options)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options with
        {
            Lifter = options.Lifter.Seed is null ? options.Lifter with { Seed = context.NextSeed() } : options.Lifter,
            Consensus = options.Consensus with { DropInputColumn = true },
        };
    }

    /// <inheritdoc />
    public PoseContext Context { get; }

    /// <summary>The options (lifter seed resolved).</summary>
    public DeepPoseConsensusOptions Options { get; }

    /// <inheritdoc />
    public BatchSchema GetOutputSchema(BatchSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        // The label fixes the joint count J (the keypoints must match it); its check comes after the keypoints'
        // kind check so that a text or missing keypoint column is reported as such.
        var input = inputSchema[Options.Lifter.InputColumnName];
        if (input.Type.Kind != DataKind.Float32 || input.Type.Shape.Length != 2 || input.Type.Shape[1] != 2)
            throw new SchemaMismatchException(input.Name, $"expected float[J,2] 2D keypoints, found {input.Type}");
        var joints = Stages.JointGroupSelection.JointGroupSelectionEstimator.RequirePoses(inputSchema, Options.Lifter.LabelColumnName);
        inputSchema.Require(Options.Lifter.InputColumnName, ColumnType.Float(joints, 2));
        if (Options.Consensus.ConfidenceColumnName is { } c && inputSchema.TryGetColumn(c, out _)) inputSchema.Require(c, ColumnType.Float(joints));
        return inputSchema.With((Options.Consensus.OutputColumnName, ColumnType.Float(joints, 3)), (Options.Consensus.MissingColumnName, ColumnType.Int(joints)));
    }

    /// <inheritdoc />
    public TransformerChain<PoseConsensusTransformer> Fit(IDataView input) => Fit(input, validation: null);

    /// <summary>Fits on <paramref name="train"/>; <paramref name="validation"/> (optional) drives the lifters' early
    /// stopping instead of held-out training subjects.</summary>
    public TransformerChain<PoseConsensusTransformer> Fit(IDataView train, IDataView? validation)
    {
        ArgumentNullException.ThrowIfNull(train);
        _ = GetOutputSchema(train.Columns());
        if (validation is not null) _ = GetOutputSchema(validation.Columns());
        var selection = new JointGroupSelectionEstimator(Context, Options.Groups).Fit(train);
        var lifters = new GroupLifterEstimator(Context, Options.Lifter, selection.Groups).Fit(train, validation);
        var consensus = new PoseConsensusEstimator(Context, Options.Consensus, selection.Groups).Fit(lifters.Transform(train));
        return new TransformerChain<PoseConsensusTransformer>(selection, lifters, consensus);
    }
}
