
namespace PoseML.Data.Mocap.Asf;

/// <summary>Motion of an <see cref="AsfSkeleton"/> read from an AMC file: per frame, each bone's
/// degree-of-freedom values in its <c>dof</c> order (angles stored in degrees, root translation in
/// length units). <see cref="ComputeBoneEnds"/> runs CMU's forward kinematics.</summary>
public sealed class AmcMotion
{
    private readonly double[] _values;
    private readonly int[] _firstValue;
    private readonly Rotation[] _axes; // C per bone, constant over frames

    internal AmcMotion(string source, AsfSkeleton skeleton, int firstFrameNumber, int frameCount, double[] values)
    {
        Source = source;
        Skeleton = skeleton;
        FirstFrameNumber = firstFrameNumber;
        FrameCount = frameCount;
        _values = values;
        _firstValue = ValueLayout(skeleton, out var perFrame);
        ValuesPerFrame = perFrame;
        _axes = skeleton.Bones.Select(b => Rotation.Euler(b.AxisOrder, b.Axis.X, b.Axis.Y, b.Axis.Z)).ToArray();
    }

    /// <summary>The file it was read from.</summary>
    public string Source { get; }

    /// <summary>The skeleton the values animate.</summary>
    public AsfSkeleton Skeleton { get; }

    /// <summary>The number the AMC gives its first frame (CMU files start at 1).</summary>
    public int FirstFrameNumber { get; }

    /// <summary>Number of frames.</summary>
    public int FrameCount { get; }

    /// <summary>Values per frame (sum of all bones' dof counts, root included).</summary>
    public int ValuesPerFrame { get; }

    /// <summary>Where each bone's values start within a frame, and the total per frame.</summary>
    internal static int[] ValueLayout(AsfSkeleton skeleton, out int perFrame)
    {
        var first = new int[skeleton.Bones.Length];
        perFrame = 0;
        for (var b = 0; b < first.Length; b++)
        {
            first[b] = perFrame;
            perFrame += skeleton.Bones[b].Dofs.Length;
        }
        return first;
    }

    /// <summary>The values of bone <paramref name="bone"/> in frame <paramref name="frame"/> (0-based).</summary>
    public ReadOnlySpan<double> BoneValues(int frame, int bone)
    {
        if ((uint)frame >= (uint)FrameCount)
            throw new ArgumentOutOfRangeException(nameof(frame), $"frame {frame} is outside 0..{FrameCount - 1}");
        return _values.AsSpan(frame * ValuesPerFrame + _firstValue[bone], Skeleton.Bones[bone].Dofs.Length);
    }

    /// <summary>World position (length units) of the end of every bone in frame
    /// <paramref name="frame"/>; the root's "end" is its position. Per bone, with C = the axis
    /// rotation (XYZ order: Rz·Ry·Rx) and M = Rz·Ry·Rx of the bone's rx, ry, rz (a missing dof is 0):
    /// G = G_parent·C·M·Cᵀ and end = start + G·(direction × length), start being the parent's end.
    /// The root uses G = C·M·Cᵀ (C from its orientation) and sits at its position plus its translation.</summary>
    public void ComputeBoneEnds(int frame, Span<Vec3> ends)
    {
        var bones = Skeleton.Bones;
        if (ends.Length < bones.Length)
            throw new ArgumentException($"need room for {bones.Length} bone ends, got {ends.Length}", nameof(ends));
        Span<Rotation> global = bones.Length <= 128 ? stackalloc Rotation[bones.Length] : new Rotation[bones.Length];
        for (var b = 0; b < bones.Length; b++)
        {
            var bone = bones[b];
            var values = BoneValues(frame, b);
            double rx = 0, ry = 0, rz = 0;
            var translation = Vec3.Zero;
            for (var d = 0; d < values.Length; d++)
            {
                var v = values[d];
                switch (bone.Dofs[d])
                {
                    case AsfDof.RX: rx = v; break;
                    case AsfDof.RY: ry = v; break;
                    case AsfDof.RZ: rz = v; break;
                    case AsfDof.TX: translation = translation with { X = v }; break;
                    case AsfDof.TY: translation = translation with { Y = v }; break;
                    case AsfDof.TZ: translation = translation with { Z = v }; break;
                }
            }
            var c = _axes[b];
            var local = c * Rotation.ZYX(rx, ry, rz) * c.Transpose();
            if (bone.Parent < 0)
            {
                global[b] = local;
                ends[b] = Skeleton.RootPosition + translation;
            }
            else
            {
                global[b] = global[bone.Parent] * local;
                ends[b] = ends[bone.Parent] + global[b] * (bone.Direction * bone.Length);
            }
        }
    }
}
