using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.JointGroupSelection;

/// <summary>Chooses the overlapping joint groups of Deep Pose Consensus Networks (§4.1): by default the
/// paper's Eq. 1–2 sampling weighted by the joint-trajectory similarity over one training sequence (the
/// first (subject, action) of the training data, one camera), or random, body-part, user-given or
/// all-joint groups. The fitted <see cref="JointGroupSelectionTransformer"/> passes the data through
/// unchanged and carries the <see cref="JointGroups"/>, which are saved with the model. Create it with
/// <c>ctx.Lifting.SelectJointGroups(…)</c>.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Property</term><description>Value</description></listheader>
/// <item><term>Needs Fit?</term><description>Yes (reads one sequence of the label column; the fixed strategies read only its shape)</description></item>
/// <item><term>Input column</term><description>none at transform time</description></item>
/// <item><term>Label column</term><description>Pose3D float[J,3]; Subject, Action text (optional, choose the sequence)</description></item>
/// <item><term>Output column</term><description>none (identity); the groups are a property of the fitted stage</description></item>
/// <item><term>Trainable</term><description>No (sampled once)</description></item>
/// <item><term>GPU</term><description>No</description></item>
/// </list>
/// NaN or infinite values in the chosen sequence are an error naming the row and column.
/// </remarks>
public sealed class JointGroupSelectionEstimator : IEstimator<JointGroupSelectionTransformer>, IHasPoseContext
{
    /// <summary>Creates the estimator (prefer the catalog method).</summary>
    public JointGroupSelectionEstimator(PoseContext context, JointGroupSelectionOptions options)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
    }

    /// <inheritdoc />
    public PoseContext Context { get; }

    /// <summary>The options.</summary>
    public JointGroupSelectionOptions Options { get; }

    /// <inheritdoc />
    public BatchSchema GetOutputSchema(BatchSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        RequirePoses(inputSchema, Options.LabelColumnName);
        return inputSchema;
    }

    /// <inheritdoc />
    public JointGroupSelectionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new JointGroupSelectionTransformer(Context, Options, JointGroupSelector.Select(Context.ToRunContext("JointGroups"), Options, input));
    }

    internal static int RequirePoses(BatchSchema schema, string column) => JointGroupSelector.RequirePoses(schema, column);
}
