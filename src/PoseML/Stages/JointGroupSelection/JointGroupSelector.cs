using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.MLNet;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.JointGroupSelection;

/// <summary>Chooses the joint groups of a <see cref="JointGroupSelectionOptions"/> on training data (the
/// algorithm behind the joint-group selection stage).</summary>
internal static class JointGroupSelector
{
    /// <summary>The groups of <paramref name="options"/> chosen on <paramref name="input"/>; reports and checks
    /// cancellation through <paramref name="run"/>.</summary>
    public static JointGroups Select(PoseRunContext run, JointGroupSelectionOptions options, IDataView input)
    {
        var joints = RequirePoses(input.Columns(), options.LabelColumnName);
        var groups = options.Strategy switch
        {
            JointGroupStrategy.Weighted => JointGroupSampler.Sample(ReadSequence(run, options, input, joints), joints, SamplingOptions(options)),
            JointGroupStrategy.Random => JointGroupSampler.Uniform(joints, SamplingOptions(options)),
            JointGroupStrategy.BodyParts => joints == 17 ? JointGroupSampler.BodyPartsHuman36M17()
                : throw new InvalidOptionException(nameof(JointGroupSelectionOptions.Strategy), $"body-part groups are defined for the 17-joint Human3.6M skeleton, the data has {joints} joints"),
            JointGroupStrategy.User => new JointGroups(joints, options.UserGroups!),
            _ => new JointGroups(joints, [Enumerable.Range(0, joints)]),
        };
        run.Report(1, 1, groups.ToString());
        return groups;
    }

    private static JointGroupSamplingOptions SamplingOptions(JointGroupSelectionOptions options) => new()
    {
        Lambda = options.Lambda, GroupSize = options.GroupSize, MinCoverage = options.MinCoverage, Seed = options.Seed,
    };

    /// <summary>The 3D poses of the chosen training sequence, [frames, J, 3].</summary>
    private static float[] ReadSequence(PoseRunContext run, JointGroupSelectionOptions options, IDataView input, int joints)
    {
        var schema = input.Columns();
        var hasSubject = schema.TryGetColumn(PoseColumns.Subject, out var s) && s.Type.Kind == DataKind.Text;
        var hasAction = schema.TryGetColumn(PoseColumns.Action, out var a) && a.Type.Kind == DataKind.Text;
        var hasCamera = schema.TryGetColumn(PoseColumns.Camera, out var c) && c.Type.Kind == DataKind.Int32;
        var columns = new List<string> { options.LabelColumnName };
        if (hasSubject) columns.Add(PoseColumns.Subject);
        if (hasAction) columns.Add(PoseColumns.Action);
        if (hasCamera) columns.Add(PoseColumns.Camera);
        string? subject = hasSubject ? options.Subject : null, action = hasAction ? options.Action : null;
        int? camera = null;
        var poses = new List<float>();
        var size = joints * 3;
        var rows = 0;
        foreach (var batch in input.GetBatches(DataViews.DefaultBatchSize, columns))
        {
            run.ThrowIfCancellationRequested();
            var values = batch.GetFloats(options.LabelColumnName);
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
                        throw new DataFormatException("training data", $"element {i} is {pose[i]}; joint-group sampling needs finite 3D poses", batch.StartRow + r + 1, options.LabelColumnName);
                }
                foreach (var v in pose) poses.Add(v);
                rows++;
            }
        }
        if (rows == 0)
        {
            var which = subject is null && action is null ? "" : $" for subject '{options.Subject ?? "(first)"}', action '{options.Action ?? "(first)"}'";
            throw new DataFormatException("training data", $"no rows{which}; the weighted joint-group sampler needs a training sequence", field: options.LabelColumnName);
        }
        return poses.ToArray();
    }

    /// <summary>The joint count of <paramref name="column"/>, which must hold float[J,3] 3D poses.</summary>
    public static int RequirePoses(BatchSchema schema, string column)
    {
        var c = schema[column];
        if (c.Type.Kind != DataKind.Float32 || c.Type.Shape.Length != 2 || c.Type.Shape[1] != 3 || c.Type.Shape[0] < 2)
            throw new SchemaMismatchException(column, $"expected float[J,3] 3D poses (J ≥ 2), found {c.Type}");
        return c.Type.Shape[0];
    }
}
