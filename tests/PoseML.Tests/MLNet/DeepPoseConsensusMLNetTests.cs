using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.Data;
using PoseML.MLNet;
using PoseML.Stages.DeepPoseConsensus;
using PoseML.Stages.JointGroupSelection;
using PoseML.Tests.Stages.DeepPoseConsensus;
using PoseML.Data.View;
using PoseML.Stages.Consensus;
using PoseML.Stages.JointGrouping;

namespace PoseML.Tests.MLNet;

[TestClass]
public sealed class DeepPoseConsensusMLNetTests
{
    private static DeepPoseConsensusOptions Dpcn => LiftingTestData.TinyDpcn with { Lifter = LiftingTestData.TinyDpcn.Lifter with { Seed = 5 } };

    private static DeepPoseConsensusOptions Martinez => LiftingTestData.TinyMartinez with { Lifter = LiftingTestData.TinyMartinez.Lifter with { Seed = 5 } };

    public static IEnumerable<object[]> Variants => [["DPCN"], ["Martinez"]];

    /// <summary>The chain's algorithms called directly on its trained weights: the lifters' engine on all frames,
    /// then the consensus solver with the chain's solver options and the per-joint confidence expanded to rows.</summary>
    private static float[] EngineThenSolver(TransformerChain<ITransformer> chain, Microsoft.ML.IDataView data)
    {
        var stages = chain.ToArray();
        Assert.AreEqual(3, stages.Length, "joint-group selection, group lifters, consensus");
        var selection = (PoseML.Stages.JointGroupSelection.JointGroupSelectionTransformer)stages[0];
        var lifters = (PoseML.Stages.GroupLifters.GroupLifterTransformer)stages[1];
        var consensus = (PoseML.Stages.PoseConsensus.PoseConsensusTransformer)stages[2];
        Assert.AreEqual(selection.Groups, lifters.Groups, "the lifters lift the selected groups");
        Assert.AreEqual(lifters.Groups, consensus.Groups, "the consensus fuses the lifters' groups");
        var groups = lifters.Groups;
        var keypoints = FreshProcess.Floats(data, PoseColumns.Keypoints2D);
        var frames = keypoints.Length / 34;
        var estimates = new float[frames * groups.RowCount * 3];
        lifters.Engine.Predict(keypoints, estimates);
        var rowConfidence = new float[frames * groups.RowCount];
        ConsensusSolver.ExpandJointConfidence(groups, FreshProcess.Floats(data, PoseColumns.Confidence), rowConfidence);
        var poses = new float[frames * 51];
        new ConsensusSolver(groups, consensus.Options.SolverOptions()).Solve(estimates, rowConfidence, poses);
        return poses;
    }

    [TestMethod]
    [DynamicData(nameof(Variants))]
    public void PipelineWithBuiltIns_MatchesEngineAndSolverBitForBit_SavesNativelyAndLoadsInAFreshProcess(string variant)
    {
        var data = LiftingTestData.Small;
        var options = variant == "DPCN" ? Dpcn : Martinez;
        var ml = new MLContext(seed: 1);
        var estimator = variant == "DPCN" ? ml.Transforms.DeepPoseConsensus(options) : ml.Transforms.Martinez(options.Lifter);
        var model = ml.Transforms.CopyColumns("Keypoints2DCopy", PoseColumns.Keypoints2D).Append(estimator).Fit(data);
        var scored = model.Transform(data);
        Assert.AreEqual("Vector<Single, 17, 3>", scored.Schema[PoseColumns.PredictedPose3D].Type.ToString());
        Assert.IsNull(scored.Schema.GetColumnOrNull("GroupPoses3D"), "the intermediate group estimates are dropped");
        var expected = EngineThenSolver((TransformerChain<ITransformer>)model.LastTransformer, data);
        LiftingAssert.Bitwise(expected, FreshProcess.Floats(scored, PoseColumns.PredictedPose3D), "in process vs engine + solver");

        var (fresh, loaded) = LiftingAssert.SaveAndLoad(ml, model, data);
        Assert.AreEqual("Vector<Single, 17, 3>", fresh.Schema[PoseColumns.PredictedPose3D].Type.ToString());
        Assert.IsNull(fresh.Schema.GetColumnOrNull("GroupPoses3D"));
        // The consensus is exact arithmetic on the lifters' output, so the ORT tolerance carries through (the l2,1
        // solve is a contraction of its input; least squares for Martinez is a subtraction of the root).
        var worst = LiftingAssert.Close(expected, FreshProcess.Floats(fresh, PoseColumns.PredictedPose3D), "fresh process");
        Console.WriteLine($"{variant}: worst |in-process - loaded| = {worst:G3} mm");

        var frame = 4;
        var row = new FrameRow
        {
            Keypoints2D = FreshProcess.Floats(data, PoseColumns.Keypoints2D).AsSpan(frame * 34, 34).ToArray(),
            Confidence = FreshProcess.Floats(data, PoseColumns.Confidence).AsSpan(frame * 17, 17).ToArray(),
        };
        var one = ml.Model.CreatePredictionEngine<FrameRow, PoseRow>(loaded, inputSchemaDefinition: FrameRow.Definition()).Predict(row);
        LiftingAssert.Close(expected.AsSpan(frame * 51, 51).ToArray(), one.PredictedPose3D, "prediction engine, loaded");
    }

    [TestMethod]
    public void SameSeed_SameBits()
    {
        float[] Run(int seed) => FreshProcess.Floats(new MLContext(seed).Transforms.DeepPoseConsensus(LiftingTestData.TinyDpcn).Fit(LiftingTestData.Small)
            .Transform(LiftingTestData.Small), PoseColumns.PredictedPose3D);
        LiftingAssert.Bitwise(Run(3), Run(3), "same MLContext seed");
    }

    [TestMethod]
    public void MissingLabel_FailsNamingTheColumn()
    {
        var ml = new MLContext(1);
        var data = ml.Transforms.DropColumns(PoseColumns.Pose3D).Fit(LiftingTestData.Small).Transform(LiftingTestData.Small);
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => ml.Transforms.DeepPoseConsensus(Dpcn).Fit(data));
        StringAssert.Contains(e.Message, PoseColumns.Pose3D);
        StringAssert.Contains(e.Message, "float[J,3]");
    }

    [TestMethod]
    public void SelectJointGroups_MatchesTheSamplerOnTheFirstSequence_PassesDataThrough_AndSavesAsANoOp()
    {
        var data = LiftingTestData.Small;
        var ml = new MLContext(1);
        var selection = ml.Transforms.SelectJointGroups(Dpcn.Groups);
        var model = ml.Transforms.CopyColumns("P", PoseColumns.Pose3D).Append(selection).Fit(data);
        // Independent expectation: the weighted sampler called directly on the first sequence (subject S1, camera 0).
        var s1 = data.FilterByText(PoseColumns.Subject, s => s == "S1").Filter([PoseColumns.Camera], (b, r) => b.GetInts(PoseColumns.Camera)[r] == 0);
        var expected = JointGroupSampler.Sample(s1.ReadFloats(PoseColumns.Pose3D), 17,
            new JointGroupSamplingOptions { GroupSize = Dpcn.Groups.GroupSize, MinCoverage = Dpcn.Groups.MinCoverage, Seed = Dpcn.Groups.Seed });
        Assert.AreEqual(expected, model.LastTransformer.Groups);
        Assert.AreEqual(17, model.LastTransformer.Groups.JointCount);
        var scored = model.Transform(data);
        CollectionAssert.AreEqual(data.Schema.Select(c => c.Name).Append("P").ToArray(), scored.Schema.Select(c => c.Name).ToArray());
        var (fresh, loaded) = LiftingAssert.SaveAndLoad(ml, model.LastTransformer, data);
        Assert.IsInstanceOfType<Microsoft.ML.Data.TransformerChain<Microsoft.ML.ITransformer>>(loaded);
        LiftingAssert.Bitwise(FreshProcess.Floats(data, PoseColumns.Pose3D), FreshProcess.Floats(fresh, PoseColumns.Pose3D), "pass-through after load");
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => ml.Transforms.SelectJointGroups(labelColumnName: "Nope").Fit(data));
        StringAssert.Contains(e.Message, "Nope");
    }
}
