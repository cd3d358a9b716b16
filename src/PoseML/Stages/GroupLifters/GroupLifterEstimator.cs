using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.GroupLifters;

/// <summary>The group lifters of Deep Pose Consensus Networks (§4.2 Case 1, Eq. 3–4, trained with Eq. 12):
/// one Martinez-style network per joint group, all trained together as one grouped network
/// (<see cref="Nn.Networks.LifterNetwork"/> with <c>Groups = n_t</c>). Group j's network sees its n_g joints'
/// 2D coordinates (z-scored per dimension) and predicts their 3D positions minus the group mean (z-scored
/// per element; the translation is left to the consensus). The loss is L_lifting + L_aggre on the
/// de-normalised estimates (<see cref="GroupLiftingLoss"/>); RMSProp with exponential decay, max-norm,
/// dropout; a validation split by subject drives early stopping and the best epoch's weights are kept.
/// Create it with <c>ctx.Lifting.GroupLifters(groups, …)</c>, or use <c>ctx.Lifting.DeepPoseConsensus(…)</c>.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Property</term><description>Value</description></listheader>
/// <item><term>Needs Fit?</term><description>Yes (mini-batch training, epochs)</description></item>
/// <item><term>Input column</term><description>Keypoints2D float[J,2] (pixels)</description></item>
/// <item><term>Label column</term><description>Pose3D float[J,3] (mm); Subject text (optional, for the validation split)</description></item>
/// <item><term>Output column</term><description>GroupPoses3D float[Σn_g,3]: the stacked centred group estimates, mm</description></item>
/// <item><term>Trainable</term><description>Yes (deterministic by seed: same seed, same bits)</description></item>
/// <item><term>GPU</term><description>No</description></item>
/// </list>
/// NaN or infinite values in the training input or label are an error naming the row and column; at
/// transform time a NaN joint makes the estimates of the groups containing it NaN (the consensus then drops them).
/// </remarks>
public sealed class GroupLifterEstimator : IEstimator<GroupLifterTransformer>, IHasPoseContext
{
    /// <summary>Creates the estimator for <paramref name="groups"/> (prefer the catalog method). A null
    /// <see cref="GroupLifterOptions.Seed"/> is drawn from the context now.</summary>
    public GroupLifterEstimator(PoseContext context, GroupLifterOptions options, JointGroups groups)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
        ArgumentNullException.ThrowIfNull(options);
        Groups = groups ?? throw new ArgumentNullException(nameof(groups));
        options.Validate();
        Options = options.Seed is null ? options with { Seed = context.NextSeed() } : options;
        if (Options.UseAggregationLoss) _ = new GroupLiftingLoss(groups, true, Options.AggregationWeight); // fail now on groups the loss cannot use
    }

    /// <inheritdoc />
    public PoseContext Context { get; }

    /// <summary>The options (with the seed resolved).</summary>
    public GroupLifterOptions Options { get; }

    /// <summary>The joint groups, one lifter each.</summary>
    public JointGroups Groups { get; }

    /// <summary>The output column type, float[Σn_g, 3].</summary>
    public ColumnType OutputType => ColumnType.Float(Groups.RowCount, 3);

    /// <inheritdoc />
    public BatchSchema GetOutputSchema(BatchSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        RequireInput(inputSchema);
        inputSchema.Require(Options.LabelColumnName, ColumnType.Float(Groups.JointCount, 3));
        return inputSchema.With((Options.OutputColumnName, OutputType));
    }

    /// <inheritdoc />
    public GroupLifterTransformer Fit(IDataView input) => Fit(input, validation: null);

    /// <summary>Trains on <paramref name="train"/>; with <paramref name="validation"/>, early stopping watches it,
    /// otherwise <see cref="GroupLifterOptions.ValidationSubjects"/> subjects of <paramref name="train"/> are held out.</summary>
    /// <exception cref="SchemaMismatchException">A column is missing or has the wrong type or shape.</exception>
    /// <exception cref="DataFormatException">No training rows, or a non-finite input or label.</exception>
    public GroupLifterTransformer Fit(IDataView train, IDataView? validation)
    {
        ArgumentNullException.ThrowIfNull(train);
        _ = GetOutputSchema(train.Columns());
        if (validation is not null) _ = GetOutputSchema(validation.Columns());
        var fit = GroupLifterFitting.Fit(Context.ToRunContext("GroupLifters"), Options, Groups, train, validation);
        return new GroupLifterTransformer(Context, Options, Groups, fit.Normalization, fit.Network, fit.History, fit.BestEpoch,
            fit.TrainingRows, fit.ValidationRows, fit.HeldOutSubjects);
    }

    private void RequireInput(BatchSchema schema) => schema.Require(Options.InputColumnName, ColumnType.Float(Groups.JointCount, 2));
}
