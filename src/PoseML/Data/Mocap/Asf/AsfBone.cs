using System.Collections.Immutable;

namespace PoseML.Data.Mocap.Asf;

/// <summary>One bone of an ASF skeleton. The root is bone 0, named <c>root</c>, with no length;
/// its <see cref="Axis"/> is the ASF <c>orientation</c> and <see cref="Direction"/> is zero.</summary>
/// <param name="Name">Bone name (e.g. <c>lfemur</c>).</param>
/// <param name="Parent">Index of the parent bone; -1 for the root. Parents precede children.</param>
/// <param name="Direction">Unit direction of the bone in the world rest pose.</param>
/// <param name="Length">Bone length, ASF length units.</param>
/// <param name="Axis">Local frame angles (x, y, z) in degrees.</param>
/// <param name="AxisOrder">Order the axis angles apply in, e.g. <c>XYZ</c> (X first: Rz·Ry·Rx).</param>
/// <param name="Dofs">Animated degrees of freedom, in the order AMC lines list their values.</param>
/// <param name="Line">1-based line of the bone's definition in the ASF.</param>
public sealed record AsfBone(string Name, int Parent, Vec3 Direction, double Length, Vec3 Axis, string AxisOrder, ImmutableArray<AsfDof> Dofs, int Line);
