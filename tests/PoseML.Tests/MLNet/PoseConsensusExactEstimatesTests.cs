using Microsoft.ML;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Stages.Consensus;
using PoseML.Stages.JointGrouping;
using PoseML.Stages.PoseConsensus;
using PoseML.Tests.Stages.DeepPoseConsensus;

namespace PoseML.Tests.MLNet;

/// <summary><c>mlContext.Transforms.PoseConsensus</c> on exact group estimates (each group's ground-truth joints
/// minus their mean): every solver must give back the root-relative ground truth.</summary>
[TestClass]
public sealed class PoseConsensusExactEstimatesTests
{
    private static readonly JointGroups Groups = JointGroupSampler.Uniform(17, new JointGroupSamplingOptions { GroupSize = 5, MinCoverage = 2, Seed = 1 });

    /// <summary>The small data plus exact group estimates: each group's ground-truth joints minus their mean.</summary>
    private static InMemoryDataView WithExactGroupEstimates(InMemoryDataView data)
    {
        var poses = data.ReadFloats(PoseColumns.Pose3D);
        var f = new float[data.Rows * Groups.RowCount * 3];
        for (var r = 0; r < data.Rows; r++)
        {
            for (var g = 0; g < Groups.GroupCount; g++)
            {
                var members = Groups.Groups[g];
                for (var c = 0; c < 3; c++)
                {
                    var mean = members.Average(j => poses[r * 51 + 3 * j + c]);
                    for (var k = 0; k < members.Length; k++)
                        f[(r * Groups.RowCount + Groups.RowOffset(g) + k) * 3 + c] = (float)(poses[r * 51 + 3 * members[k] + c] - mean);
                }
            }
        }
        var b = new DataViewBuilder();
        foreach (var column in data.Columns())
        {
            var values = data.Column(column.Name);
            b = column.Type.Kind switch
            {
                DataKind.Text => b.AddText(column.Name, values.Texts.ToArray()),
                DataKind.Int32 => b.AddInt(column.Name, values.Ints.ToArray(), [.. column.Type.Shape]),
                _ => b.AddFloat(column.Name, values.Floats.ToArray(), [.. column.Type.Shape]),
            };
        }
        return b.AddFloat(PoseConsensusDefaults.InputColumnName, f, Groups.RowCount, 3).Build();
    }

    [TestMethod]
    [DataRow(ConsensusSolverKind.L21)]
    [DataRow(ConsensusSolverKind.L1)]
    [DataRow(ConsensusSolverKind.LeastSquares)]
    public void ExactGroupEstimates_GiveTheRootRelativeGroundTruth(ConsensusSolverKind solver)
    {
        var data = WithExactGroupEstimates(LiftingTestData.Small);
        var scored = new MLContext(1).Transforms.PoseConsensus(Groups, solver).Fit(data).Transform(data).Cache();
        var truth = data.ReadFloats(PoseColumns.Pose3D);
        var predicted = scored.ReadFloats(PoseColumns.PredictedPose3D);
        // Tolerance: float32 estimates of poses ~5 m from the camera (relative 1e-7 of 5000 mm, summed over groups).
        const double PoseTolerance = 0.05;
        for (var r = 0; r < data.Rows; r++)
        {
            for (var j = 0; j < 17; j++)
            {
                for (var c = 0; c < 3; c++)
                    Assert.AreEqual(truth[r * 51 + 3 * j + c] - truth[r * 51 + c], predicted[r * 51 + 3 * j + c], PoseTolerance);
            }
        }
        Assert.IsTrue(scored.ReadInts(PoseConsensusDefaults.MissingColumnName).All(m => m == 0));
    }

    [TestMethod]
    public void ZeroConfidenceJoint_IsReportedMissing_NotInvented()
    {
        var data = WithExactGroupEstimates(LiftingTestData.Small);
        var confidence = data.Column(PoseColumns.Confidence).Floats.ToArray();
        confidence[0 * 17 + 5] = 0; // row 0, joint 5
        var cols = data.Columns().Select(c => c.Name == PoseColumns.Confidence ? ColumnBuffer.Of(confidence) : data.Column(c.Name)).ToArray();
        var withZero = new InMemoryDataView(data.Columns(), data.Rows, cols);
        var scored = new MLContext(1).Transforms.PoseConsensus(Groups).Fit(withZero).Transform(withZero).Cache();
        var missing = scored.ReadInts(PoseConsensusDefaults.MissingColumnName);
        var poses = scored.ReadFloats(PoseColumns.PredictedPose3D);
        Assert.AreEqual(1, missing[5]);
        Assert.IsTrue(float.IsNaN(poses[3 * 5]));
        Assert.AreEqual(1, missing.Count(m => m == 1), "only that joint of that row is missing");
        Assert.IsFalse(float.IsNaN(poses[3 * 6]));
    }
}
