using System.Collections.Immutable;

namespace PoseML.Data.Mocap.Bvh;

/// <summary>One node of a BVH hierarchy: a <c>ROOT</c>, a <c>JOINT</c> or an <c>End Site</c>
/// (named <c>&lt;parent&gt;_End</c>, no channels).</summary>
/// <param name="Name">Joint name as written in the file (end sites: parent name + <c>_End</c>).</param>
/// <param name="Parent">Index of the parent joint; -1 for a root. Parents precede children.</param>
/// <param name="Offset">Rest offset from the parent, file units.</param>
/// <param name="Channels">Animated channels in the file's order (empty for end sites).</param>
/// <param name="FirstChannel">Index of this joint's first channel within a frame's values.</param>
/// <param name="IsEndSite">True for <c>End Site</c> nodes.</param>
/// <param name="Line">1-based line of the joint's declaration.</param>
public sealed record BvhJoint(string Name, int Parent, Vec3 Offset, ImmutableArray<BvhChannel> Channels, int FirstChannel, bool IsEndSite, int Line);
