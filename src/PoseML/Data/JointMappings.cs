using PoseML.Core;

namespace PoseML.Data;

/// <summary>The documented keypoint mappings from 2D detector layouts to the canonical
/// <see cref="Skeletons.Human36M17"/> (DESIGN.md §4). Joints that exist in both layouts are copied; the
/// H36M joints a layout lacks are interpolated linearly as listed below, and their confidence is the
/// minimum of the joints they are built from.
/// <para><b>COCO-17 → H36M-17</b> (<see cref="Coco17ToHuman36M17"/>). Copied: hips, knees, ankles (H36M
/// "Foot" is the ankle marker), shoulders, elbows, wrists. Interpolated:</para>
/// <list type="bullet">
/// <item><b>Hip</b> (pelvis) = ½ LHip + ½ RHip: H36M's pelvis lies midway between its hip joints.</item>
/// <item><b>Thorax</b> = ½ LShoulder + ½ RShoulder: H36M's thorax marker sits at the base of the neck, on the
/// line between the shoulders.</item>
/// <item><b>Spine</b> = ¼ (LHip + RHip + LShoulder + RShoulder) = midpoint of Hip and Thorax: H36M's spine
/// joint is mid-torso.</item>
/// <item><b>Neck</b> = ½ Nose + ¼ LShoulder + ¼ RShoulder = midpoint of Thorax and Nose: H36M's
/// "Neck/Nose" joint lies at chin level, between the base of the neck and the nose. The nose alone would
/// sit too high and the shoulder midpoint would coincide with Thorax.</item>
/// <item><b>Head</b> = ¼ (LEye + REye + LEar + REar): the centre of the skull. H36M's head joint sits higher
/// (at the crown), which no COCO keypoint marks; a blend of visible points is stable under head rotation,
/// and a lifter trained on mapped keypoints learns the constant offset. Needs all four face points
/// (confidence is their minimum), so a profile view often marks Head missing.</item>
/// </list>
/// <para><b>MPII-16 → H36M-17</b> (<see cref="Mpii16ToHuman36M17"/>). Copied: Hip = Pelvis, legs (Foot =
/// Ankle), Thorax = Thorax, Neck = UpperNeck (both at chin level), Head = HeadTop (both at the crown),
/// arms. Interpolated: <b>Spine</b> = ½ Pelvis + ½ Thorax.</para></summary>
public static class JointMappings
{
    /// <summary>COCO-17 keypoints to H36M-17 (see the class remarks for the interpolated joints).</summary>
    public static JointMapping Coco17ToHuman36M17 { get; } = Build("coco17-to-h36m17", Skeletons.Coco17, Skeletons.Human36M17,
        ("Hip", [("LHip", 0.5f), ("RHip", 0.5f)]),
        ("RHip", [("RHip", 1f)]),
        ("RKnee", [("RKnee", 1f)]),
        ("RFoot", [("RAnkle", 1f)]),
        ("LHip", [("LHip", 1f)]),
        ("LKnee", [("LKnee", 1f)]),
        ("LFoot", [("LAnkle", 1f)]),
        ("Spine", [("LHip", 0.25f), ("RHip", 0.25f), ("LShoulder", 0.25f), ("RShoulder", 0.25f)]),
        ("Thorax", [("LShoulder", 0.5f), ("RShoulder", 0.5f)]),
        ("Neck", [("Nose", 0.5f), ("LShoulder", 0.25f), ("RShoulder", 0.25f)]),
        ("Head", [("LEye", 0.25f), ("REye", 0.25f), ("LEar", 0.25f), ("REar", 0.25f)]),
        ("LShoulder", [("LShoulder", 1f)]),
        ("LElbow", [("LElbow", 1f)]),
        ("LWrist", [("LWrist", 1f)]),
        ("RShoulder", [("RShoulder", 1f)]),
        ("RElbow", [("RElbow", 1f)]),
        ("RWrist", [("RWrist", 1f)]));

    /// <summary>MPII-16 keypoints to H36M-17 (see the class remarks; only Spine is interpolated).</summary>
    public static JointMapping Mpii16ToHuman36M17 { get; } = Build("mpii16-to-h36m17", Skeletons.Mpii16, Skeletons.Human36M17,
        ("Hip", [("Pelvis", 1f)]),
        ("RHip", [("RHip", 1f)]),
        ("RKnee", [("RKnee", 1f)]),
        ("RFoot", [("RAnkle", 1f)]),
        ("LHip", [("LHip", 1f)]),
        ("LKnee", [("LKnee", 1f)]),
        ("LFoot", [("LAnkle", 1f)]),
        ("Spine", [("Pelvis", 0.5f), ("Thorax", 0.5f)]),
        ("Thorax", [("Thorax", 1f)]),
        ("Neck", [("UpperNeck", 1f)]),
        ("Head", [("HeadTop", 1f)]),
        ("LShoulder", [("LShoulder", 1f)]),
        ("LElbow", [("LElbow", 1f)]),
        ("LWrist", [("LWrist", 1f)]),
        ("RShoulder", [("RShoulder", 1f)]),
        ("RElbow", [("RElbow", 1f)]),
        ("RWrist", [("RWrist", 1f)]));

    /// <summary>The identity mapping of <paramref name="skeleton"/>.</summary>
    public static JointMapping Identity(Skeleton skeleton) =>
        new($"{skeleton.Name}-identity", skeleton, skeleton,
            Enumerable.Range(0, skeleton.JointCount).Select(j => (IReadOnlyList<JointMapping.Term>)[new JointMapping.Term(j, 1f)]).ToArray());

    /// <summary>The mapping from <paramref name="source"/> to <paramref name="target"/>: identity when they are
    /// equal, otherwise one of the standard mappings.</summary>
    /// <exception cref="InvalidOptionException">No mapping between the two skeletons.</exception>
    public static JointMapping Find(Skeleton source, Skeleton target)
    {
        if (source.Equals(target)) return Identity(source);
        foreach (var m in new[] { Coco17ToHuman36M17, Mpii16ToHuman36M17 })
        {
            if (m.Source.Equals(source) && m.Target.Equals(target)) return m;
        }
        throw new InvalidOptionException("skeleton", $"no joint mapping from {source.Name} to {target.Name}; available: coco17 → h36m17, mpii16 → h36m17");
    }

    private static JointMapping Build(string name, Skeleton source, Skeleton target, params (string Target, (string Source, float Weight)[] Terms)[] rows)
    {
        var terms = new IReadOnlyList<JointMapping.Term>[target.JointCount];
        foreach (var row in rows)
            terms[target.IndexOf(row.Target)] = row.Terms.Select(t => new JointMapping.Term(source.IndexOf(t.Source), t.Weight)).ToArray();
        return new JointMapping(name, source, target, terms);
    }
}
