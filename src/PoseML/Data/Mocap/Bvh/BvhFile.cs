using System.Collections.Immutable;
using PoseML.Core;

namespace PoseML.Data.Mocap.Bvh;

/// <summary>A parsed BVH file: the joint hierarchy and the per-frame channel values. Immutable.
/// <see cref="ComputePositions"/> runs forward kinematics: a joint's local rotation is the product
/// of its rotation channels in the listed order (<c>Zrotation Yrotation Xrotation</c> gives
/// <c>Rz·Ry·Rx</c>), its local translation is its offset plus any position channels, and its world
/// transform is the parent's world transform times the local one.</summary>
public sealed class BvhFile
{
    private readonly double[] _values;
    private readonly Dictionary<string, int> _byName;

    internal BvhFile(string source, ImmutableArray<BvhJoint> joints, int channelCount, int frameCount, double frameTime, double[] values)
    {
        Source = source;
        Joints = joints;
        ChannelCount = channelCount;
        FrameCount = frameCount;
        FrameTime = frameTime;
        _values = values;
        _byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var j = 0; j < joints.Length; j++) _byName[joints[j].Name] = j;
    }

    /// <summary>The file (or stream description) it was read from.</summary>
    public string Source { get; }

    /// <summary>Joints in file order (depth first); parents precede children.</summary>
    public ImmutableArray<BvhJoint> Joints { get; }

    /// <summary>Number of channel values per frame.</summary>
    public int ChannelCount { get; }

    /// <summary>Number of frames.</summary>
    public int FrameCount { get; }

    /// <summary>Seconds per frame (<c>Frame Time</c>).</summary>
    public double FrameTime { get; }

    /// <summary>Frames per second, <c>1 / FrameTime</c>.</summary>
    public double FrameRate => 1.0 / FrameTime;

    /// <summary>The channel values of frame <paramref name="frame"/> (all joints, file order).</summary>
    public ReadOnlySpan<double> FrameValues(int frame)
    {
        if ((uint)frame >= (uint)FrameCount)
            throw new ArgumentOutOfRangeException(nameof(frame), $"frame {frame} is outside 0..{FrameCount - 1}");
        return _values.AsSpan(frame * ChannelCount, ChannelCount);
    }

    /// <summary>Index of the joint called <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => _byName.TryGetValue(name, out var j) ? j : -1;

    /// <summary>Indices of the direct children of joint <paramref name="joint"/>.</summary>
    public IEnumerable<int> ChildrenOf(int joint)
    {
        for (var j = joint + 1; j < Joints.Length; j++)
        {
            if (Joints[j].Parent == joint) yield return j;
        }
    }

    /// <summary>A copy whose joint <paramref name="joint"/> has rest offset <paramref name="offset"/>
    /// (channel values are shared, not copied).</summary>
    public BvhFile WithOffset(int joint, Vec3 offset) =>
        new(Source, Joints.SetItem(joint, Joints[joint] with { Offset = offset }), ChannelCount, FrameCount, FrameTime, _values);

    /// <summary>World positions of every joint (file units) in frame <paramref name="frame"/>, written
    /// to <paramref name="positions"/> (length ≥ joint count).</summary>
    public void ComputePositions(int frame, Span<Vec3> positions)
    {
        if (positions.Length < Joints.Length)
            throw new ArgumentException($"need room for {Joints.Length} positions, got {positions.Length}", nameof(positions));
        var values = FrameValues(frame);
        Span<Rotation> rotations = Joints.Length <= 128 ? stackalloc Rotation[Joints.Length] : new Rotation[Joints.Length];
        for (var j = 0; j < Joints.Length; j++)
        {
            var joint = Joints[j];
            var local = Rotation.Identity;
            var translation = joint.Offset;
            for (var c = 0; c < joint.Channels.Length; c++)
            {
                var channel = joint.Channels[c];
                var v = values[joint.FirstChannel + c];
                if (channel.IsRotation()) local *= Rotation.About(channel.Axis(), v);
                else translation += channel.Axis() switch { 0 => new Vec3(v, 0, 0), 1 => new Vec3(0, v, 0), _ => new Vec3(0, 0, v) };
            }
            if (joint.Parent < 0)
            {
                rotations[j] = local;
                positions[j] = translation;
            }
            else
            {
                var parent = rotations[joint.Parent];
                rotations[j] = parent * local;
                positions[j] = positions[joint.Parent] + parent * translation;
            }
        }
    }

    /// <summary>True when frame 0 looks like an added rest pose (cgspeed's MotionBuilder-friendly
    /// release prepends a T-pose): every rotation value in frame 0 is a whole number of degrees while
    /// frame 1 has at least one that is not. Recorded motion practically never has all-integer
    /// angles; a hand-written file whose angles are all integers is left alone.</summary>
    public bool HasRestPoseFrame()
    {
        if (FrameCount < 2) return false;
        return AllRotationsWhole(0) && !AllRotationsWhole(1);
    }

    private bool AllRotationsWhole(int frame)
    {
        var values = FrameValues(frame);
        var any = false;
        foreach (var joint in Joints)
        {
            for (var c = 0; c < joint.Channels.Length; c++)
            {
                if (!joint.Channels[c].IsRotation()) continue;
                any = true;
                var v = values[joint.FirstChannel + c];
                if (v != Math.Round(v)) return false;
            }
        }
        return any;
    }

    /// <summary>The joint called <paramref name="name"/>.</summary>
    /// <exception cref="DataFormatException">No such joint.</exception>
    public int Require(string name) =>
        IndexOf(name) is var j and >= 0 ? j : throw new DataFormatException(Source, $"no joint '{name}'; joints are {string.Join(",", Joints.Select(x => x.Name))}", field: name);
}
