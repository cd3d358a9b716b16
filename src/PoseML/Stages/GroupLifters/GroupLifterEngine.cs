using PoseML.Core;
using PoseML.Nn;
using PoseML.Nn.Networks;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.GroupLifters;

/// <summary>The row computation of fitted group lifters, shared by the PoseML and ML.NET transformers: z-score
/// the keypoints, gather them into group blocks, one grouped forward pass in evaluation mode, de-normalise the
/// stacked group rows to mm.</summary>
internal sealed class GroupLifterEngine
{
    private readonly object _networkLock = new();

    public GroupLifterEngine(JointGroups groups, GroupNormalization norm, LifterNetwork network)
    {
        Groups = groups;
        Layout = new GroupLayout(groups);
        Normalization = norm;
        Network = network;
        Network.Eval();
    }

    public JointGroups Groups { get; }

    public GroupLayout Layout { get; }

    public GroupNormalization Normalization { get; }

    public LifterNetwork Network { get; }

    /// <summary>Lifts a batch: <paramref name="keypoints"/> [frames, J, 2] pixels → <paramref name="groupPoses"/>
    /// [frames, Σn_g, 3] mm. Thread-safe (calls are serialised on the network).</summary>
    public void Predict(ReadOnlySpan<float> keypoints, Span<float> groupPoses)
    {
        var joints2 = Groups.JointCount * 2;
        var frames = keypoints.Length / joints2;
        if (keypoints.Length != frames * joints2 || groupPoses.Length != frames * Groups.RowCount * 3)
            throw new InvalidOptionException(nameof(keypoints), $"expected [frames, {Groups.JointCount}, 2] keypoints and [frames, {Groups.RowCount}, 3] outputs, got {keypoints.Length} and {groupPoses.Length} values");
        if (frames == 0) return;
        var x = new float[frames * Layout.NetworkInputs];
        var normalized = new float[joints2];
        for (var f = 0; f < frames; f++)
        {
            Normalization.NormalizeInput(keypoints.Slice(f * joints2, joints2), normalized);
            Layout.GatherInput(normalized, x.AsSpan(f * Layout.NetworkInputs, Layout.NetworkInputs));
        }
        lock (_networkLock)
        {
            var y = Network.Forward(new Tensor(x, frames, Layout.NetworkInputs));
            Normalization.ToMillimetres(Layout, y.Span, groupPoses);
        }
    }
}
