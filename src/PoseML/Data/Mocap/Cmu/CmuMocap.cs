using PoseML.Core;
using PoseML.Data.Mocap.Asf;
using PoseML.Data.Mocap.Bvh;

namespace PoseML.Data.Mocap.Cmu;

/// <summary>Converts CMU motion capture (cgspeed's BVH releases or CMU's own ASF/AMC) to
/// Human3.6M-17 <see cref="MotionClip"/>s: world frame, Y up, millimetres, at the requested frame rate
/// (30 fps by default). The rules are those of <c>datasets/cmu/README.md</c>; see
/// <see cref="H36MFromCmu"/> for the joint definitions.</summary>
public static class CmuMocap
{
    /// <summary>Millimetres per unit of CMU's scaled inches (cgspeed BVH, and ASF with
    /// <c>:units length 0.45</c>): 25.4 / 0.45 ≈ 56.444.</summary>
    public const double MillimetresPerCmuUnit = 25.4 / 0.45;

    /// <summary>CMU's capture rate, assumed for AMC files (which do not store it).</summary>
    public const double CmuFrameRate = 120;

    /// <summary>The ASF bone whose end is each <see cref="CmuJoint"/> point, in enum order.</summary>
    public static IReadOnlyList<string> AsfBoneEnds { get; } =
    [
        "lhipjoint", "rhipjoint", "lfemur", "rfemur", "ltibia", "rtibia",
        "lclavicle", "rclavicle", "lhumerus", "rhumerus", "lradius", "rradius",
        "upperneck", "head",
    ];

    /// <summary>Reads a cgspeed CMU BVH file and converts it (see <see cref="FromBvh"/>).</summary>
    /// <exception cref="DataFormatException">Malformed file or a skeleton that is not a known CMU naming.</exception>
    public static MotionClip ReadBvh(string path, CmuConversionOptions? options = null) => FromBvh(BvhReader.Read(path), options);

    /// <summary>Converts a cgspeed CMU BVH take: detects the naming (3dsMax- or MotionBuilder-friendly),
    /// restores the thorax offset (<see cref="RestoreThorax"/>), drops an added rest-pose frame 0,
    /// keeps the frames for the target rate (<see cref="FrameResampler"/>) and scales to millimetres.</summary>
    /// <exception cref="DataFormatException">The joints match no known CMU naming.</exception>
    /// <exception cref="InvalidOptionException">A bad frame rate or scale.</exception>
    public static MotionClip FromBvh(BvhFile bvh, CmuConversionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bvh);
        options ??= new CmuConversionOptions();
        var names = bvh.Joints.Select(j => j.Name).ToHashSet(StringComparer.Ordinal);
        var naming = options.Naming ?? CmuBvhNaming.Detect(names)
            ?? throw new DataFormatException(bvh.Source,
                $"the joints match no known CMU BVH naming; expected the joints of {string.Join(" or ", CmuBvhNaming.Known.Select(n => $"{n.Name} ({string.Join(",", n.Joints)})"))}");
        if (naming.Joints.Length != Enum.GetValues<CmuJoint>().Length)
            throw new InvalidOptionException(nameof(CmuConversionOptions.Naming), $"naming '{naming.Name}' lists {naming.Joints.Length} joints; expected one per CmuJoint ({string.Join(", ", Enum.GetNames<CmuJoint>())})");
        var points = naming.Joints.Select(bvh.Require).ToArray();
        if (options.RestoreThorax) bvh = RestoreThorax(bvh, naming);
        var drop = options.RestPose switch
        {
            RestPoseFrame.Drop => bvh.FrameCount > 0,
            RestPoseFrame.Keep => false,
            _ => bvh.HasRestPoseFrame(),
        };
        var start = drop ? 1 : 0;
        var keep = FrameResampler.Select(bvh.FrameCount - start, options.SourceFrameRate ?? bvh.FrameRate, options.FrameRate);
        var scale = Scale(options.MillimetresPerUnit ?? MillimetresPerCmuUnit);
        var all = new Vec3[bvh.Joints.Length];
        var selected = new Vec3[points.Length];
        var perFrame = H36MFromCmu.JointCount * 3;
        var positions = new float[keep.Length * perFrame];
        for (var i = 0; i < keep.Length; i++)
        {
            bvh.ComputePositions(keep[i] + start, all);
            for (var p = 0; p < points.Length; p++) selected[p] = all[points[p]];
            H36MFromCmu.Fill(selected, scale, positions.AsSpan(i * perFrame, perFrame));
        }
        var (subject, action) = Names(bvh.Source, options);
        return new MotionClip(subject, action, options.FrameRate, Skeletons.Human36M17, positions);
    }

    /// <summary>cgspeed's conversion dropped CMU's thorax bone: the children of the upper spine (the
    /// joint where the neck and both arms branch: <c>Chest2</c> or <c>Spine1</c>) have offset 0, so neck,
    /// head and arms sit too low. Returns a copy in which each such zero-offset child takes the upper
    /// spine's own offset (within ~5 mm of the true thorax on 01_01). Files without zero offsets there
    /// are returned unchanged.</summary>
    public static BvhFile RestoreThorax(BvhFile bvh, CmuBvhNaming naming)
    {
        ArgumentNullException.ThrowIfNull(bvh);
        ArgumentNullException.ThrowIfNull(naming);
        var upper = CommonAncestor(bvh,
            bvh.Require(naming.Joints[(int)CmuJoint.LeftShoulder]),
            bvh.Require(naming.Joints[(int)CmuJoint.RightShoulder]),
            bvh.Require(naming.Joints[(int)CmuJoint.Neck]));
        if (upper < 0) return bvh;
        var offset = bvh.Joints[upper].Offset;
        foreach (var child in bvh.ChildrenOf(upper).ToArray())
        {
            if (bvh.Joints[child].Offset.IsZero) bvh = bvh.WithOffset(child, offset);
        }
        return bvh;
    }

    /// <summary>Reads CMU's ASF skeleton and AMC motion and converts them (see <see cref="FromAmc"/>).</summary>
    /// <exception cref="DataFormatException">Malformed files or a skeleton without CMU's bones.</exception>
    public static MotionClip ReadAmc(string asfPath, string amcPath, CmuConversionOptions? options = null) =>
        FromAmc(AmcReader.Read(amcPath, AsfReader.Read(asfPath)), options);

    /// <summary>Converts a CMU ASF/AMC take: each point is the end of an ASF bone
    /// (<see cref="AsfBoneEnds"/>), frames are kept for the target rate from the first frame (source
    /// rate 120 fps unless given), lengths scale by the ASF's units to millimetres.</summary>
    /// <exception cref="DataFormatException">The skeleton lacks a CMU bone.</exception>
    /// <exception cref="InvalidOptionException">A bad frame rate or scale.</exception>
    public static MotionClip FromAmc(AmcMotion motion, CmuConversionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(motion);
        options ??= new CmuConversionOptions();
        var skeleton = motion.Skeleton;
        var points = AsfBoneEnds.Select(skeleton.Require).ToArray();
        var keep = FrameResampler.Select(motion.FrameCount, options.SourceFrameRate ?? CmuFrameRate, options.FrameRate);
        var scale = Scale(options.MillimetresPerUnit ?? skeleton.MillimetresPerUnit);
        var ends = new Vec3[skeleton.Bones.Length];
        var selected = new Vec3[points.Length];
        var perFrame = H36MFromCmu.JointCount * 3;
        var positions = new float[keep.Length * perFrame];
        for (var i = 0; i < keep.Length; i++)
        {
            motion.ComputeBoneEnds(keep[i], ends);
            for (var p = 0; p < points.Length; p++) selected[p] = ends[points[p]];
            H36MFromCmu.Fill(selected, scale, positions.AsSpan(i * perFrame, perFrame));
        }
        var (subject, action) = Names(motion.Source, options);
        return new MotionClip(subject, action, options.FrameRate, Skeletons.Human36M17, positions);
    }

    private static double Scale(double mmPerUnit) =>
        mmPerUnit > 0 && double.IsFinite(mmPerUnit) ? mmPerUnit
            : throw new InvalidOptionException(nameof(CmuConversionOptions.MillimetresPerUnit), $"millimetres per unit must be positive, got {mmPerUnit}");

    private static (string Subject, string Action) Names(string source, CmuConversionOptions options)
    {
        var (subject, action) = CmuTakes.NamesFor(source);
        return (options.Subject ?? subject, options.Action ?? action);
    }

    private static int CommonAncestor(BvhFile bvh, params int[] joints)
    {
        var ancestors = new HashSet<int>();
        for (var j = bvh.Joints[joints[0]].Parent; j >= 0; j = bvh.Joints[j].Parent) ancestors.Add(j);
        foreach (var other in joints.Skip(1))
        {
            var chain = new HashSet<int>();
            for (var j = bvh.Joints[other].Parent; j >= 0; j = bvh.Joints[j].Parent) chain.Add(j);
            ancestors.IntersectWith(chain);
        }
        // The deepest common ancestor has the largest index (parents precede children).
        return ancestors.Count == 0 ? -1 : ancestors.Max();
    }
}
