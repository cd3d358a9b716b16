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
        return new JointGroupSelectionTransformer(Context, Options, SelectGroups(input));
    }

    /// <summary>The groups chosen on <paramref name="context"/>'s run (shared with the ML.NET estimator).</summary>
    internal static JointGroups SelectGroups(PoseContext context, JointGroupSelectionOptions options, IDataView input) =>
        new JointGroupSelectionEstimator(context, options).SelectGroups(input);

    private JointGroups SelectGroups(IDataView input)
    {
        var joints = RequirePoses(input.Columns(), Options.LabelColumnName);
        var groups = Options.Strategy switch
        {
            JointGroupStrategy.Weighted => JointGroupSampler.Sample(ReadSequence(input, joints), joints, SamplingOptions()),
            JointGroupStrategy.Random => JointGroupSampler.Uniform(joints, SamplingOptions()),
            JointGroupStrategy.BodyParts => joints == 17 ? JointGroupSampler.BodyPartsHuman36M17()
                : throw new InvalidOptionException(nameof(Options.Strategy), $"body-part groups are defined for the 17-joint Human3.6M skeleton, the data has {joints} joints"),
            JointGroupStrategy.User => new JointGroups(joints, Options.UserGroups!),
            _ => new JointGroups(joints, [Enumerable.Range(0, joints)]),
        };
        Context.ReportProgress("JointGroups", 1, 1, groups.ToString());
        return groups;
    }

    private JointGroupSamplingOptions SamplingOptions() => new()
    {
        Lambda = Options.Lambda, GroupSize = Options.GroupSize, MinCoverage = Options.MinCoverage, Seed = Options.Seed,
    };

    /// <summary>The 3D poses of the chosen training sequence, [frames, J, 3].</summary>
    private float[] ReadSequence(IDataView input, int joints)
    {
        var schema = input.Columns();
        var hasSubject = schema.TryGetColumn(PoseColumns.Subject, out var s) && s.Type.Kind == DataKind.Text;
        var hasAction = schema.TryGetColumn(PoseColumns.Action, out var a) && a.Type.Kind == DataKind.Text;
        var hasCamera = schema.TryGetColumn(PoseColumns.Camera, out var c) && c.Type.Kind == DataKind.Int32;
        var columns = new List<string> { Options.LabelColumnName };
        if (hasSubject) columns.Add(PoseColumns.Subject);
        if (hasAction) columns.Add(PoseColumns.Action);
        if (hasCamera) columns.Add(PoseColumns.Camera);
        string? subject = hasSubject ? Options.Subject : null, action = hasAction ? Options.Action : null;
        int? camera = null;
        var poses = new List<float>();
        var size = joints * 3;
        var rows = 0;
        foreach (var batch in input.GetBatches(DataViews.DefaultBatchSize, columns))
        {
            Context.ThrowIfCancellationRequested();
            var values = batch.GetFloats(Options.LabelColumnName);
            for (var r = 0; r < batch.RowCount; r++)
            {
                if (hasSubject)
                {
                    var rowSubject = batch.GetTexts(PoseColumns.Subject)[r];
                    subject ??= rowSubject;
                    if (rowSubject != subject) continue;
                }
                if (hasAction)
                {
                    var rowAction = batch.GetTexts(PoseColumns.Action)[r];
                    action ??= rowAction;
                    if (rowAction != action) continue;
                }
                if (hasCamera)
                {
                    var rowCamera = batch.GetInts(PoseColumns.Camera)[r];
                    camera ??= rowCamera;
                    if (rowCamera != camera) continue;
                }
                var pose = values.Slice(r * size, size);
                for (var i = 0; i < size; i++)
                {
                    if (!float.IsFinite(pose[i]))
                        throw new DataFormatException("training data", $"element {i} is {pose[i]}; joint-group sampling needs finite 3D poses", batch.StartRow + r + 1, Options.LabelColumnName);
                }
                foreach (var v in pose) poses.Add(v);
                rows++;
            }
        }
        if (rows == 0)
        {
            var which = subject is null && action is null ? "" : $" for subject '{Options.Subject ?? "(first)"}', action '{Options.Action ?? "(first)"}'";
            throw new DataFormatException("training data", $"no rows{which}; the weighted joint-group sampler needs a training sequence", field: Options.LabelColumnName);
        }
        return poses.ToArray();
    }

    internal static int RequirePoses(BatchSchema schema, string column)
    {
        var c = schema[column];
        if (c.Type.Kind != DataKind.Float32 || c.Type.Shape.Length != 2 || c.Type.Shape[1] != 3 || c.Type.Shape[0] < 2)
            throw new SchemaMismatchException(column, $"expected float[J,3] 3D poses (J ≥ 2), found {c.Type}");
        return c.Type.Shape[0];
    }
}
