using Microsoft.ML;
using PoseML.Core;
using PoseML.MLNet;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.GroupLifters;

/// <summary>The group lifters of Deep Pose Consensus Networks (§4.2, trained with Eq. 12) as an ML.NET estimator:
/// one Martinez-style network per joint group, trained together as one grouped network by the same trainer as
/// PoseML's <see cref="GroupLifters.GroupLifterEstimator"/> (same options and seed → same bits). Create it with
/// <c>mlContext.Transforms.GroupLifters(groups, …)</c>.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Property</term><description>Value</description></listheader>
/// <item><term>Needs Fit?</term><description>Yes (mini-batch training, epochs; progress and cancellation through <c>mlContext.SetPoseProgress</c>/<c>SetPoseCancellation</c>)</description></item>
/// <item><term>Input column</term><description>Keypoints2D float[J,2] (pixels)</description></item>
/// <item><term>Label column</term><description>Pose3D float[J,3] (mm); Subject text (optional, for the validation split)</description></item>
/// <item><term>Output column</term><description>GroupPoses3D float[Σn_g,3]: the stacked centred group estimates, mm</description></item>
/// <item><term>Trainable</term><description>Yes (deterministic by seed: the options' seed, else one drawn from the MLContext's seed)</description></item>
/// <item><term>Saved as</term><description><c>ApplyOnnxModel</c> over the exported graph (z-score, network with BatchNorm folded, group gather, de-normalisation), declared [batch,J,2] → [batch,Σn_g,3] so the loaded column has the same name and shape. ONNX Runtime sums in another order: loaded poses agree to about 1e-3 mm, not bit for bit.</description></item>
/// </list>
/// </remarks>
public sealed class GroupLifterEstimator : IEstimator<GroupLifterTransformer>
{
    private readonly PoseRunContext _run;

    /// <summary>Creates the estimator (prefer the catalog method). A null <see cref="GroupLifterOptions.Seed"/> is
    /// drawn from <paramref name="run"/> now.</summary>
    public GroupLifterEstimator(PoseRunContext run, GroupLifterOptions options, JointGroups groups)
    {
        _run = run ?? throw new ArgumentNullException(nameof(run));
        ArgumentNullException.ThrowIfNull(options);
        Groups = groups ?? throw new ArgumentNullException(nameof(groups));
        options.Validate();
        Options = options.Seed is null ? options with { Seed = run.NextSeed() } : options;
        if (Options.UseAggregationLoss) _ = new GroupLiftingLoss(groups, true, Options.AggregationWeight);
    }

    /// <summary>The options (with the seed resolved).</summary>
    public GroupLifterOptions Options { get; }

    /// <summary>The joint groups, one lifter each.</summary>
    public JointGroups Groups { get; }

    /// <inheritdoc />
    public GroupLifterTransformer Fit(IDataView input) => Fit(input, validation: null);

    /// <summary>Trains on <paramref name="train"/>; with <paramref name="validation"/>, early stopping watches it,
    /// otherwise <see cref="GroupLifterOptions.ValidationSubjects"/> subjects of <paramref name="train"/> are held out.</summary>
    /// <exception cref="SchemaMismatchException">A column is missing or has the wrong type or shape.</exception>
    /// <exception cref="DataFormatException">No training rows, or a non-finite input or label.</exception>
    public GroupLifterTransformer Fit(IDataView train, IDataView? validation)
    {
        ArgumentNullException.ThrowIfNull(train);
        RequireColumns(train.Schema);
        if (validation is not null) RequireColumns(validation.Schema);
        var fit = GroupLifterFitting.Fit(_run, Options, Groups, train, validation);
        return new GroupLifterTransformer(Options, new GroupLifterEngine(Groups, fit.Normalization, fit.Network), fit, train.Schema);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        PoseColumnTypes.RequireFloatVector(inputSchema, Options.InputColumnName, Groups.JointCount, 2);
        PoseColumnTypes.RequireFloatVector(inputSchema, Options.LabelColumnName, Groups.JointCount, 3);
        return SchemaShapes.With(inputSchema, [(Options.OutputColumnName, PoseColumnTypes.Vector(Groups.RowCount, 3))]);
    }

    private void RequireColumns(DataViewSchema schema)
    {
        PoseColumnTypes.RequireFloatVector(schema, Options.InputColumnName, Groups.JointCount, 2);
        PoseColumnTypes.RequireFloatVector(schema, Options.LabelColumnName, Groups.JointCount, 3);
    }
}
