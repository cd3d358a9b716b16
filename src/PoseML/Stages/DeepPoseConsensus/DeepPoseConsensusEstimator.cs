using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.MLNet;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.JointGroupSelection;
using PoseML.Stages.PoseConsensus;

namespace PoseML.Stages.DeepPoseConsensus;

/// <summary>Deep Pose Consensus Networks' 2D→3D path as one ML.NET estimator: joint-group selection → group lifters
/// → consensus, the same steps and options as PoseML's <see cref="DeepPoseConsensus.DeepPoseConsensusEstimator"/>
/// (same seed → same bits). <see cref="Fit(IDataView)"/> returns Microsoft.ML's own <see cref="TransformerChain{TLastTransformer}"/>
/// of the three fitted stages, which <c>mlContext.Model.Save</c> writes natively. With
/// <see cref="DeepPoseConsensusOptions.Martinez"/> it is the Martinez et al. baseline. Create it with
/// <c>mlContext.Transforms.DeepPoseConsensus(…)</c> or <c>mlContext.Transforms.Martinez(…)</c>.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Property</term><description>Value</description></listheader>
/// <item><term>Needs Fit?</term><description>Yes (samples groups, trains the lifters)</description></item>
/// <item><term>Input column</term><description>Keypoints2D float[J,2] (pixels); Confidence float[J] (optional)</description></item>
/// <item><term>Label column</term><description>Pose3D float[J,3] (mm); Subject, Action text (optional: training sequence, validation split)</description></item>
/// <item><term>Output column</term><description>PredictedPose3D float[J,3] root-relative mm; MissingJoints int[J]. The intermediate GroupPoses3D is dropped.</description></item>
/// <item><term>Trainable</term><description>Yes (deterministic by seed)</description></item>
/// <item><term>Saved as</term><description>A <c>TransformerChain</c> of the stages' saved forms: a no-op (group selection), <c>ApplyOnnxModel</c> (the lifters), a named <c>CustomMapping</c> (the consensus; groups and solver options as text)</description></item>
/// </list>
/// </remarks>
public sealed class DeepPoseConsensusEstimator : IEstimator<TransformerChain<ITransformer>>
{
    private readonly PoseRunContext _run;

    /// <summary>Creates the estimator (prefer the catalog methods). A null lifter seed is drawn from <paramref name="run"/> now.</summary>
    public DeepPoseConsensusEstimator(PoseRunContext run, DeepPoseConsensusOptions options)
    {
        _run = run ?? throw new ArgumentNullException(nameof(run));
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options with
        {
            Lifter = options.Lifter.Seed is null ? options.Lifter with { Seed = run.NextSeed() } : options.Lifter,
            Consensus = options.Consensus with { DropInputColumn = true },
        };
    }

    /// <summary>The options (lifter seed resolved).</summary>
    public DeepPoseConsensusOptions Options { get; }

    /// <inheritdoc />
    public TransformerChain<ITransformer> Fit(IDataView input) => Fit(input, validation: null);

    /// <summary>Fits on <paramref name="train"/>; <paramref name="validation"/> (optional) drives the lifters' early
    /// stopping instead of held-out training subjects.</summary>
    /// <exception cref="SchemaMismatchException">A column is missing or has the wrong type or shape.</exception>
    public TransformerChain<ITransformer> Fit(IDataView train, IDataView? validation)
    {
        ArgumentNullException.ThrowIfNull(train);
        RequireColumns(train.Schema);
        if (validation is not null) RequireColumns(validation.Schema);
        var selection = new JointGroupSelectionEstimator(_run.ForStage("JointGroups"), Options.Groups).Fit(train);
        var lifters = new GroupLifterEstimator(_run.ForStage("GroupLifters"), Options.Lifter, selection.Groups).Fit(train, validation);
        var consensus = new PoseConsensusEstimator(Options.Consensus, selection.Groups).Fit(lifters.Transform(train));
        return new TransformerChain<ITransformer>(selection, lifters, consensus);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        PoseColumnTypes.RequireFloatVector(inputSchema, Options.Lifter.InputColumnName, 0, 2);
        PoseColumnTypes.RequireFloatVector(inputSchema, Options.Lifter.LabelColumnName, 0, 3);
        // A shape knows kinds, not sizes: J = 1 stands for the label's joint count.
        return SchemaShapes.With(inputSchema,
            [(Options.Consensus.OutputColumnName, PoseColumnTypes.Pose3D(1)), (Options.Consensus.MissingColumnName, PoseColumnTypes.IntVector(1))]);
    }

    private void RequireColumns(DataViewSchema schema)
    {
        var input = schema.GetColumnOrNull(Options.Lifter.InputColumnName);
        if (input is { Type: not VectorDataViewType { Dimensions: [_, 2] } })
            throw new SchemaMismatchException(input.Value.Name, $"expected float[J,2] 2D keypoints, found {PoseColumnTypes.Describe(input.Value.Type)}");
        var joints = JointGroupSelectionEstimator.RequirePoses(schema, Options.Lifter.LabelColumnName);
        PoseColumnTypes.RequireFloatVector(schema, Options.Lifter.InputColumnName, joints, 2);
        if (Options.Consensus.ConfidenceColumnName is { } c && schema.GetColumnOrNull(c) is not null) PoseColumnTypes.RequireFloatVector(schema, c, joints);
    }
}
