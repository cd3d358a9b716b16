using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Pipeline;

namespace PoseML.Stages.RarePose;

/// <summary>Learns a reference pose set O and scores how common each pose is in it: adds the occurrence
/// <c>OCC_O(J) = (1/M) Σ_{I∈O} (1/N) Σ_i exp(−‖J_i − I_i‖² / 2σ_i²)</c> (SRNet Eq. 9–10) on root-relative poses,
/// in [0, 1], low for rare poses. Create it with <c>ctx.Transforms.ScoreOccurrence(…)</c>; fit it on the set the
/// rarity is measured in (the test set itself, as in the paper's Rare Pose Protocol, or the training set).</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Property</term><description>Value</description></listheader>
/// <item><term>Needs Fit?</term><description>Yes: reads the reference poses once (σ_i and, in fast mode, the density grids)</description></item>
/// <item><term>Input column</term><description>Pose3D float[J,3] (mm)</description></item>
/// <item><term>Output column</term><description>Occurrence float (scalar); NaN for a pose with a missing joint</description></item>
/// <item><term>Trainable</term><description>No (statistics only)</description></item>
/// <item><term>GPU</term><description>No</description></item>
/// </list>
/// Fast mode (default) answers within <see cref="OccurrenceScorer.ErrorBound"/> (≈ 0.0019) of the definition in
/// O(M + N) per joint; exact mode costs O(N·M·J). See <see cref="OccurrenceScorer"/>.
/// </remarks>
public sealed class RarePoseEstimator : IEstimator<RarePoseTransformer>, IHasPoseContext
{
    /// <summary>Creates the estimator (prefer the catalog method).</summary>
    /// <exception cref="InvalidOptionException">An option is out of range.</exception>
    public RarePoseEstimator(PoseContext context, RarePoseOptions options)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
    }

    /// <inheritdoc />
    public PoseContext Context { get; }

    /// <summary>The options.</summary>
    public RarePoseOptions Options { get; }

    /// <inheritdoc />
    public BatchSchema GetOutputSchema(BatchSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var joints = OccurrenceScorer.RequirePoseColumn(inputSchema, Options.InputColumnName);
        CheckJointOptions(joints);
        return inputSchema.With((Options.OutputColumnName, ColumnType.Float()));
    }

    /// <inheritdoc />
    public RarePoseTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var joints = OccurrenceScorer.RequirePoseColumn(input.Columns(), Options.InputColumnName);
        CheckJointOptions(joints);
        Context.ReportProgress("RarePose", 0, 1, "reading the reference poses");
        var scorer = OccurrenceScorer.Fit(input, Options);
        Context.ReportProgress("RarePose", 1, 1);
        return new RarePoseTransformer(Context, scorer);
    }

    private void CheckJointOptions(int joints)
    {
        if (Options.Sigma is { } sigma && sigma.Length != joints)
            throw new SchemaMismatchException(Options.InputColumnName, $"expected float[{sigma.Length},3] (one joint per σ option), found float[{joints},3]");
        if (Options.RootJoint >= joints)
            throw new SchemaMismatchException(Options.InputColumnName, $"expected at least {Options.RootJoint + 1} joints (RootJoint = {Options.RootJoint}), found float[{joints},3]");
    }
}
