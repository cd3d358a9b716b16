using PoseML.Onnx;
using System.Globalization;
using System.Text.Json;
using PoseML.Nn.Networks;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.GroupLifters;

/// <summary>The ONNX graph of a <see cref="GroupLifterTransformer"/> (group lifters, and the Martinez baseline as
/// one group of all joints), reproducing the stage's row computation (<see cref="GroupLifterEngine.Predict"/>):
/// <list type="number">
/// <item><c>Sub</c>/<c>Div</c>: z-score each of the J·2 keypoint coordinates by the training mean and scale;</item>
/// <item><c>Pad</c> + <c>Gather</c> (axis 1): place group g's joints in its network block [g·2m, (g+1)·2m)
/// (m = largest group), padding taken from an appended zero column (left out when no group is padded and the
/// order is the identity, as for Martinez);</item>
/// <item>the network (<see cref="NetworkGraph"/>);</item>
/// <item><c>Gather</c>: pick each stacked row's 3 outputs from its group block (dropping padding);</item>
/// <item><c>Mul</c>/<c>Add</c>: de-normalise by the target scale and mean to centred group joints in mm.</item>
/// </list>
/// Group centring needs no operator: the network was trained on centred targets, so its de-normalised output
/// is already each group's pose about its own centroid, exactly what the stage outputs.</summary>
internal static class GroupLifterGraph
{
    /// <summary>The <c>poseml.stage</c> metadata value.</summary>
    public const string StageName = "PoseML.GroupLifters";

    public static OnnxModel Build(GroupLifterTransformer stage, OnnxExportOptions options) =>
        Build(stage.Engine.Network, stage.Engine.Layout, stage.Engine.Normalization, stage.Options.InputColumnName, stage.Options.OutputColumnName, options);

    /// <summary>The graph of a trained grouped <paramref name="network"/> with its <paramref name="layout"/> and
    /// z-scores; the column names only go into the model's metadata.</summary>
    public static OnnxModel Build(LifterNetwork network, GroupLayout layout, GroupNormalization norm, string inputColumn, string outputColumn,
        OnnxExportOptions options)
    {
        var b = new OnnxGraphBuilder();
        b.Reserve(options.InputName);
        b.Reserve(options.OutputName);
        var joints2 = layout.Groups.JointCount * 2;
        var full = options.IncludeNormalization;
        var x = options.InputName;
        var groups = layout.Groups;
        if (full && options.ColumnShapes) x = b.Op("Reshape", [x, b.Constant("input_shape", new long[] { -1, joints2 }, 2)]);
        if (full)
        {
            x = b.Op("Sub", [x, b.Constant("input_mean", norm.InputMean, joints2)]);
            x = b.Op("Div", [x, b.Constant("input_scale", norm.InputScale, joints2)]);
            var gather = new long[layout.NetworkInputs];
            Array.Fill(gather, joints2); // padding: the appended zero column
            for (var row = 0; row < layout.Rows; row++)
            {
                for (var c = 0; c < 2; c++) gather[layout.RowInput[row] + c] = 2 * layout.RowJoint[row] + c;
            }
            var padded = gather.Contains(joints2);
            if (padded) x = b.Op("Pad", [x, b.Constant("pads", new long[] { 0, 0, 0, 1 }, 4)]);
            if (padded || !IsIdentity(gather, joints2)) x = b.Op("Gather", [x, b.Constant("input_index", gather, gather.Length)], OnnxAttribute.Int("axis", 1));
        }
        var y = NetworkGraph.Emit(b, network, x, options.GroupLayout);
        long outputs = layout.NetworkOutputs;
        if (full)
        {
            var rows3 = layout.Rows * 3;
            var pick = new long[rows3];
            for (var row = 0; row < layout.Rows; row++)
            {
                for (var c = 0; c < 3; c++) pick[3 * row + c] = layout.RowOutput[row] + c;
            }
            if (!IsIdentity(pick, layout.NetworkOutputs)) y = b.Op("Gather", [y, b.Constant("output_index", pick, rows3)], OnnxAttribute.Int("axis", 1));
            y = b.Op("Mul", [y, b.Constant("target_scale", norm.TargetScale, rows3)]);
            y = b.Op("Add", [y, b.Constant("target_mean", norm.TargetMean, rows3)]);
            outputs = rows3;
            if (options.ColumnShapes) y = b.Op("Reshape", [y, b.Constant("output_shape", new long[] { layout.Rows, 3 }, 2)]);
        }
        b.Bind(y, options.OutputName);
        var inputs = full ? joints2 : layout.NetworkInputs;
        var shaped = full && options.ColumnShapes;
        var graph = b.Build(options.GraphName ?? (groups.GroupCount == 1 ? "poseml_lifter" : "poseml_group_lifters"),
            shaped ? new OnnxValueInfo(options.InputName, OnnxDataType.Float, groups.JointCount, 2) : new OnnxValueInfo(options.InputName, OnnxDataType.Float, null, inputs),
            shaped ? new OnnxValueInfo(options.OutputName, OnnxDataType.Float, layout.Rows, 3) : new OnnxValueInfo(options.OutputName, OnnxDataType.Float, null, outputs));
        var inv = CultureInfo.InvariantCulture;
        var metadata = new List<KeyValuePair<string, string>>
        {
            new("poseml.stage", StageName),
            new("poseml.input", full
                ? (shaped ? string.Create(inv, $"float[{groups.JointCount},2], one frame: column '{inputColumn}' (u,v per joint, pixels)")
                    : string.Create(inv, $"float[batch,{inputs}]: column '{inputColumn}' float[{groups.JointCount},2] flattened (u,v per joint, pixels)"))
                : string.Create(inv, $"float[batch,{inputs}]: z-scored 2D joints, {groups.GroupCount} group blocks of {2 * layout.MaxGroupSize} (zero padded)")),
            new("poseml.output", full
                ? (shaped ? string.Create(inv, $"float[{groups.RowCount},3], one frame: column '{outputColumn}' (x,y,z per group row, mm, centred per group)")
                    : string.Create(inv, $"float[batch,{outputs}]: column '{outputColumn}' float[{groups.RowCount},3] flattened (x,y,z per group row, mm, centred per group)"))
                : string.Create(inv, $"float[batch,{outputs}]: z-scored centred 3D joints, {groups.GroupCount} group blocks of {3 * layout.MaxGroupSize}")),
            new("poseml.joint_groups", "[" + string.Join(",", groups.Groups.Select(g => "[" + string.Join(",", g.Select(j => j.ToString(inv))) + "]")) + "]"),
            new("poseml.joint_count", groups.JointCount.ToString(inv)),
        };
        return new OnnxModel(graph, metadata, OnnxExport.ProducerVersion);
    }

    private static bool IsIdentity(long[] index, int width)
    {
        if (index.Length != width) return false;
        for (var i = 0; i < index.Length; i++)
        {
            if (index[i] != i) return false;
        }
        return true;
    }

    /// <summary>The ONNX file of trained group lifters (or Martinez, one group of all joints): the grouped
    /// <paramref name="network"/>, its joint <paramref name="groups"/> and z-scores, mapping column
    /// <paramref name="inputColumn"/> (keypoints) to <paramref name="outputColumn"/> (stacked group rows).</summary>
    internal static byte[] Bytes(LifterNetwork network, JointGroups groups, GroupNormalization norm, string inputColumn, string outputColumn,
        OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        options ??= new OnnxExportOptions();
        options.Validate();
        return Build(network, new GroupLayout(groups), norm, inputColumn, outputColumn, options).ToBytes();
    }
}
