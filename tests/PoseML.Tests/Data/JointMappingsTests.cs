using PoseML.Core;
using PoseML.Data;
using Sk = PoseML.Data.Skeletons;
using PoseML.Data.View;

namespace PoseML.Tests.Data;

[TestClass]
public sealed class JointMappingsTests
{
    // Float sums of a few quarter-weighted integers: exact in binary, so the checks below are exact.
    private static float[] CocoPose(float shift) =>
        Enumerable.Range(0, 17).SelectMany(j => new[] { j * j + shift, 2f * j + 1 + shift }).ToArray();

    private static (float X, float Y) Joint(float[] pose, int frame, int joint, int joints = 17) =>
        (pose[(frame * joints + joint) * 2], pose[(frame * joints + joint) * 2 + 1]);

    [TestMethod]
    public void Coco17ToH36M_MatchesHandComputedJoints()
    {
        var h36m = Sk.Human36M17;
        var source = CocoPose(0).Concat(CocoPose(100)).ToArray();
        var target = new float[2 * 17 * 2];
        JointMappings.Coco17ToHuman36M17.Map(source, target, 2);
        // COCO joint j sits at (j², 2j + 1): LHip 11 (121, 23), RHip 12 (144, 25), LShoulder 5 (25, 11),
        // RShoulder 6 (36, 13), Nose 0 (0, 1), eyes 1, 2 and ears 3, 4.
        Assert.AreEqual((132.5f, 24f), Joint(target, 0, h36m.IndexOf("Hip")));
        Assert.AreEqual((30.5f, 12f), Joint(target, 0, h36m.IndexOf("Thorax")));
        Assert.AreEqual((81.5f, 18f), Joint(target, 0, h36m.IndexOf("Spine")));
        Assert.AreEqual((15.25f, 6.5f), Joint(target, 0, h36m.IndexOf("Neck")));
        Assert.AreEqual((7.5f, 6f), Joint(target, 0, h36m.IndexOf("Head")));
        Assert.AreEqual((256f, 33f), Joint(target, 0, h36m.IndexOf("RFoot")));
        Assert.AreEqual((81f, 19f), Joint(target, 0, h36m.IndexOf("LWrist")));
        Assert.AreEqual((232.5f, 124f), Joint(target, 1, h36m.IndexOf("Hip"))); // second frame, shifted by 100
    }

    [TestMethod]
    public void Mpii16ToH36M_CopiesAndInterpolatesSpine()
    {
        var mpii = Sk.Mpii16;
        var h36m = Sk.Human36M17;
        var source = Enumerable.Range(0, 16).SelectMany(j => new[] { 10f * j, -j }).ToArray();
        var target = new float[17 * 2];
        JointMappings.Mpii16ToHuman36M17.Map(source, target, 2);
        Assert.AreEqual((65f, -6.5f), Joint(target, 0, h36m.IndexOf("Spine"))); // mid Pelvis (60, -6) and Thorax (70, -7)
        Assert.AreEqual((60f, -6f), Joint(target, 0, h36m.IndexOf("Hip")));
        Assert.AreEqual((80f, -8f), Joint(target, 0, h36m.IndexOf("Neck")));
        Assert.AreEqual((90f, -9f), Joint(target, 0, h36m.IndexOf("Head")));
        Assert.AreEqual((10f * mpii.IndexOf("RWrist"), -mpii.IndexOf("RWrist")), Joint(target, 0, h36m.IndexOf("RWrist")));
    }

    [TestMethod]
    public void InterpolatedJoints_AreExactlyTheDocumentedOnes()
    {
        var h36m = Sk.Human36M17;
        string[] Interpolated(JointMapping m) => Enumerable.Range(0, 17).Where(m.IsInterpolated).Select(j => h36m.JointNames[j]).ToArray();
        CollectionAssert.AreEqual(new[] { "Hip", "Spine", "Thorax", "Neck", "Head" }, Interpolated(JointMappings.Coco17ToHuman36M17));
        CollectionAssert.AreEqual(new[] { "Spine" }, Interpolated(JointMappings.Mpii16ToHuman36M17));
    }

    [TestMethod]
    public void Mappings_CommuteWithTranslation()
    {
        // Weights sum to 1, so shifting every source joint shifts every target joint by the same amount.
        foreach (var m in new[] { JointMappings.Coco17ToHuman36M17, JointMappings.Mpii16ToHuman36M17 })
        {
            var rng = new Random(7);
            var source = Enumerable.Range(0, m.Source.JointCount * 3).Select(_ => (float)rng.NextDouble() * 100).ToArray();
            var shifted = source.Select((v, i) => v + (i % 3 + 1) * 16f).ToArray();
            var a = new float[m.Target.JointCount * 3];
            var b = new float[m.Target.JointCount * 3];
            m.Map(source, a, 3);
            m.Map(shifted, b, 3);
            // Tolerance: a handful of float32 additions of values below ~200.
            for (var i = 0; i < a.Length; i++) Assert.AreEqual(a[i] + (i % 3 + 1) * 16f, b[i], 1e-4f, m.Name);
            foreach (var rowSum in Enumerable.Range(0, m.Target.JointCount).Select(t => m.ToMatrix().Skip(t * m.Source.JointCount).Take(m.Source.JointCount).Sum()))
                Assert.AreEqual(1f, rowSum, 1e-6f);
        }
    }

    [TestMethod]
    public void MapConfidence_TakesTheMinimumOfContributingJoints()
    {
        var conf = Enumerable.Range(0, 17).Select(j => 1f - j / 32f).ToArray();
        conf[3] = float.NaN; // LEar unknown → counts as 0
        var target = new float[17];
        JointMappings.Coco17ToHuman36M17.MapConfidence(conf, target);
        var h36m = Sk.Human36M17;
        Assert.AreEqual(1f - 12 / 32f, target[h36m.IndexOf("Hip")]);
        Assert.AreEqual(1f - 6 / 32f, target[h36m.IndexOf("Neck")]);
        Assert.AreEqual(0f, target[h36m.IndexOf("Head")]);
        Assert.AreEqual(1f - 16 / 32f, target[h36m.IndexOf("RFoot")]);
    }

    [TestMethod]
    public void Apply_OnADataView_ReplacesColumnsLazily()
    {
        var rows = 3;
        var view = new DataViewBuilder()
            .AddText(PoseColumns.Subject, ["a", "b", "c"])
            .AddFloat(PoseColumns.Keypoints2D, Enumerable.Range(0, rows).SelectMany(r => CocoPose(r)).ToArray(), 17, 2)
            .AddFloat(PoseColumns.Confidence, Enumerable.Repeat(1f, rows * 17).ToArray(), 17)
            .Build();
        var calls = 0;
        var mapped = JointMappings.Coco17ToHuman36M17.Apply(view.Filter([PoseColumns.Subject], (b, r) => { calls++; return true; }));
        Assert.AreEqual(0, calls); // nothing read yet
        mapped.Columns().Require(PoseColumns.Keypoints2D, ColumnType.Float(17, 2));
        var kp = mapped.ReadFloats(PoseColumns.Keypoints2D);
        var expected = new float[rows * 34];
        JointMappings.Coco17ToHuman36M17.Map(view.ReadFloats(PoseColumns.Keypoints2D), expected, 2);
        CollectionAssert.AreEqual(expected, kp);
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, mapped.ReadTexts(PoseColumns.Subject));
    }

    [TestMethod]
    public void Apply_WrongSkeletonColumn_ThrowsBeforeReading()
    {
        var view = new DataViewBuilder().AddFloat(PoseColumns.Keypoints2D, new float[32], 16, 2).Build();
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => JointMappings.Coco17ToHuman36M17.Apply(view));
        StringAssert.Contains(e.Message, "float[17,D]");
    }

    [TestMethod]
    public void Find_ReturnsIdentityOrStandardMappingOrThrows()
    {
        var s = Sk.Human36M17;
        Assert.IsFalse(Enumerable.Range(0, 17).Any(JointMappings.Find(s, s).IsInterpolated));
        Assert.AreSame(JointMappings.Coco17ToHuman36M17, JointMappings.Find(Sk.Coco17, s));
        Assert.ThrowsExactly<InvalidOptionException>(() => JointMappings.Find(s, Sk.Coco17));
    }

    [TestMethod]
    public void Constructor_RejectsWeightsThatDoNotSumToOne()
    {
        var s = Sk.Mpii16;
        var terms = Enumerable.Range(0, 16).Select(j => (IReadOnlyList<JointMapping.Term>)[new JointMapping.Term(j, 1f)]).ToArray();
        terms[3] = [new JointMapping.Term(3, 0.5f), new JointMapping.Term(4, 0.25f)];
        var e = Assert.ThrowsExactly<InvalidOptionException>(() => new JointMapping("bad", s, s, terms));
        StringAssert.Contains(e.Message, "sum to 0.75");
    }
}
