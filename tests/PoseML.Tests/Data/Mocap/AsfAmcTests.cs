using PoseML.Core;
using PoseML.Data.Mocap;
using PoseML.Data.Mocap.Asf;

namespace PoseML.Tests.Data.Mocap;

[TestClass]
public sealed class AsfAmcTests
{
    private const double Exact = 1e-9; // hand-derived, exact up to sin/cos(90°) rounding

    // Root plus one bone along +X of length 2 whose local frame is turned 90° about X (C = Rx(90)),
    // animated about its local z axis.
    private const string OneBoneAsf = """
        # a comment
        :version 1.10
        :name tiny
        :units
          mass 1.0
          length 0.45
          angle deg
        :documentation
           free text that is skipped
        :root
           order TX TY TZ RX RY RZ
           axis XYZ
           position 0 0 0
           orientation 0 0 0
        :bonedata
          begin
             id 1
             name arm
             direction 1 0 0
             length 2
             axis 90 0 0  XYZ
            dof rz
            limits (-180.0 180.0)
          end
        :hierarchy
          begin
            root arm
          end
        """;

    private static AsfSkeleton Asf(string text = OneBoneAsf) => AsfReader.Parse(new StringReader(text), "tiny.asf");

    private static AmcMotion Amc(string text, AsfSkeleton? skeleton = null) => AmcReader.Parse(new StringReader(text), "tiny.amc", skeleton ?? Asf());

    [TestMethod]
    public void AsfReader_ReadsBonesUnitsAndHierarchy()
    {
        var s = Asf();
        CollectionAssert.AreEqual(new[] { "root", "arm" }, s.Bones.Select(b => b.Name).ToArray());
        Assert.AreEqual(0, s.Bones[1].Parent);
        Assert.AreEqual(0.45, s.LengthUnit);
        Assert.AreEqual(25.4 / 0.45, s.MillimetresPerUnit, 1e-12);
        CollectionAssert.AreEqual(new[] { AsfDof.RZ }, s.Bones[1].Dofs.ToArray());
        CollectionAssert.AreEqual(new[] { AsfDof.TX, AsfDof.TY, AsfDof.TZ, AsfDof.RX, AsfDof.RY, AsfDof.RZ }, s.Bones[0].Dofs.ToArray());
    }

    [TestMethod]
    public void ComputeBoneEnds_UsesParentTimesCMCTranspose()
    {
        // G = Rx(90)·Rz(90)·Rx(-90) applied to (2,0,0): Rx(-90) keeps it, Rz(90) → (0,2,0),
        // Rx(90) → (0,0,2). The root is translated to (1,2,3) and not rotated.
        var m = Amc("""
            #!OML:ASF tiny.asf
            :FULLY-SPECIFIED
            :DEGREES
            1
            root 1 2 3 0 0 0
            arm 90
            2
            root 1 2 3 0 0 0
            arm 0
            """);
        Assert.AreEqual(2, m.FrameCount);
        Assert.AreEqual(1, m.FirstFrameNumber);
        var ends = new Vec3[2];
        m.ComputeBoneEnds(0, ends);
        Assert.AreEqual(new Vec3(1, 2, 3), ends[0]);
        Assert.AreEqual(1, ends[1].X, Exact);
        Assert.AreEqual(2, ends[1].Y, Exact);
        Assert.AreEqual(5, ends[1].Z, Exact);
        m.ComputeBoneEnds(1, ends); // rest pose: along the bone's direction
        Assert.AreEqual(3, ends[1].X, Exact);
        Assert.AreEqual(2, ends[1].Y, Exact);
        Assert.AreEqual(3, ends[1].Z, Exact);
    }

    [TestMethod]
    public void ComputeBoneEnds_RootRotationTurnsChildren()
    {
        // Root ry = 90: Ry(90)·(2,0,0) = (0,0,-2) for the unanimated arm.
        var m = Amc("1\nroot 0 0 0 0 90 0\narm 0\n");
        var ends = new Vec3[2];
        m.ComputeBoneEnds(0, ends);
        Assert.AreEqual(0, ends[1].X, Exact);
        Assert.AreEqual(0, ends[1].Y, Exact);
        Assert.AreEqual(-2, ends[1].Z, Exact);
    }

    [TestMethod]
    public void AmcReader_RadiansHeaderConvertsAngles()
    {
        var degrees = Amc("1\nroot 0 0 0 0 0 0\narm 90\n");
        var radians = Amc($":RADIANS\n1\nroot 0 0 0 0 0 0\narm {Math.PI / 2}\n");
        Assert.AreEqual(degrees.BoneValues(0, 1)[0], radians.BoneValues(0, 1)[0], 1e-12);
    }

    [TestMethod]
    [DataRow("1\nroot 0 0 0 0 0 0\narm 1 2\n", 3, "arm", "has 2 values")]
    [DataRow("1\nroot 0 0 0 0 0 0\nleg 1\n", 3, "leg", "no bone 'leg'")]
    [DataRow("1\nroot 0 0 0 0 0 0\narm NaN\n", 3, "arm.RZ", "not a finite number")]
    [DataRow("1\nroot 0 0 0 0 0 0\narm 1\narm 2\n", 4, "arm", "twice")]
    [DataRow("1\nroot 0 0 0 0 0 0\narm 1\n3\nroot 0 0 0 0 0 0\narm 1\n", 4, null, "frame 3 follows frame 1")]
    [DataRow("arm 1\n", 1, "arm", "before the first frame")]
    [DataRow("1\nroot 0 0 0 0 0 0\narm 1\n2\nroot 0 0 0 0 0 0\n", 5, "arm", "frame 2 (line 4) lacks bone arm (truncated?)")]
    public void AmcReader_RejectsMalformedFramesNamingLineAndField(string text, int line, string? field, string message)
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => Amc(text));
        Assert.AreEqual(line, e.Line, e.Message);
        Assert.AreEqual(field, e.Field, e.Message);
        StringAssert.Contains(e.Message, message);
        StringAssert.StartsWith(e.Message, $"tiny.amc:{line}");
    }

    [TestMethod]
    public void AmcReader_RejectsFileWithoutFrames()
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => Amc("# only a comment\n:DEGREES\n"));
        StringAssert.Contains(e.Message, "no frames");
    }

    [TestMethod]
    [DataRow("dof rz", "dof rz l", 22, "unsupported degree of freedom 'l'")]
    [DataRow("root arm", "root arm hand", 27, "'hand', which ':bonedata' does not define")]
    [DataRow("length 2", "length two", 20, "expected a finite number, found 'two'")]
    [DataRow("axis 90 0 0  XYZ", "axis 90 0 0  XYY", 21, "permutation of XYZ")]
    [DataRow("  end\n:hierarchy", "\n:hierarchy", 16, "bone 'arm' has no 'end'")]
    public void AsfReader_RejectsMalformedSkeletonNamingLine(string find, string replace, int line, string message)
    {
        var text = OneBoneAsf.Replace(find, replace);
        Assert.AreNotEqual(OneBoneAsf, text, "the test's edit must apply");
        var e = Assert.ThrowsExactly<DataFormatException>(() => Asf(text));
        Assert.AreEqual(line, e.Line, e.Message);
        StringAssert.Contains(e.Message, message);
    }

    [TestMethod]
    public void AsfReader_RejectsMissingHierarchy()
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => Asf(OneBoneAsf[..OneBoneAsf.IndexOf(":hierarchy", StringComparison.Ordinal)]));
        StringAssert.Contains(e.Message, ":hierarchy");
    }

    [TestMethod]
    public void AsfAndAmc_HostileBoneChainOf20000IsReadWithoutRecursion()
    {
        // The hierarchy is walked with an explicit stack, so nesting depth costs no call stack.
        const int depth = 20_000;
        var asf = new System.Text.StringBuilder(":units\n  length 1\n  angle deg\n:root\n  order TX TY TZ RX RY RZ\n  axis XYZ\n  position 0 0 0\n  orientation 0 0 0\n:bonedata\n");
        for (var b = 0; b < depth; b++) asf.Append($"  begin\n    name b{b}\n    direction 0 1 0\n    length 1\n    axis 0 0 0 XYZ\n    dof rz\n  end\n");
        asf.Append(":hierarchy\n  begin\n    root b0\n");
        for (var b = 1; b < depth; b++) asf.Append($"    b{b - 1} b{b}\n");
        asf.Append("  end\n");
        var skeleton = AsfReader.Parse(new StringReader(asf.ToString()), "deep.asf");
        Assert.AreEqual(depth + 1, skeleton.Bones.Length);
        Assert.AreEqual(depth - 1, skeleton.Bones[depth].Parent);
        var amc = new System.Text.StringBuilder("1\nroot 0 0 0 0 0 0\n");
        for (var b = 0; b < depth; b++) amc.Append($"b{b} 0\n");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var motion = AmcReader.Parse(new StringReader(amc.ToString()), "deep.amc", skeleton);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.IsTrue(allocated < 40_000_000, $"reading one frame of {depth} bones allocated {allocated} bytes");
        var ends = new Vec3[skeleton.Bones.Length];
        motion.ComputeBoneEnds(0, ends);
        Assert.AreEqual(depth, ends[depth].Y, 1e-6);
    }

    [TestMethod]
    public void AsfReader_HierarchyCycleIsAnErrorNotALoop()
    {
        var text = OneBoneAsf.Replace("root arm", "root arm\n    arm arm2\n    arm2 arm")
            .Replace(":hierarchy", "  begin\n     name arm2\n     direction 1 0 0\n     length 1\n  end\n:hierarchy");
        var e = Assert.ThrowsExactly<DataFormatException>(() => Asf(text));
        StringAssert.Contains(e.Message, "tiny.asf");
    }
}
