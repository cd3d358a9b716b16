using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Data;
using PoseML.MLNet;
using PoseML.Stages.DeepPoseConsensus;
using PoseML.Stages.DomainConversion;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.JointGrouping;
using PoseML.Stages.PoseConsensus;
using PoseML.Stages.RarePose;
using PoseML.Stages.Regression;
using PoseML.Tests.Stages.DeepPoseConsensus;

namespace PoseML.Tests.MLNet;

/// <summary>Runs <see cref="StageContract"/> for every ML.NET stage of PoseML that reads a column at transform time
/// (joint-group selection is an identity that reads nothing then; its saved form is covered by the DPCN test).</summary>
[TestClass]
public sealed class StageContractTests
{
    /// <summary>Lifters saved as ONNX: ORT sums in another order (see <see cref="LiftingAssert.AbsoluteToleranceMm"/>);
    /// poses reach a few thousand mm, so 1e-5 relative of 2,000 mm plus 1e-3 mm.</summary>
    private const double LifterTolerance = 0.021;

    private static JointGroups Groups { get; } = new(17, Enumerable.Range(0, 6).Select(i => Enumerable.Range(3 * i, 5).Select(j => j % 17)));

    [TestMethod]
    public void LinearLifter() =>
        StageContract.Run(new MLContext(1), new MLContext(1).Transforms.LinearLifter(l2: 1e-3), LiftingTestData.Small,
            PoseColumns.Keypoints2D, PoseColumns.Pose3D, [PoseColumns.PredictedPose3D], LifterTolerance);

    [TestMethod]
    public void GroupLifters()
    {
        var ml = new MLContext(1);
        StageContract.Run(ml, ml.Transforms.GroupLifters(Groups, LiftingTestData.TinyLifter with { Seed = 3 }), LiftingTestData.Small,
            PoseColumns.Keypoints2D, PoseColumns.Pose3D, ["GroupPoses3D"], LifterTolerance);
    }

    [TestMethod]
    [DataRow("DPCN")]
    [DataRow("Martinez")]
    public void DeepPoseConsensus(string variant)
    {
        var ml = new MLContext(1);
        var estimator = variant == "DPCN"
            ? ml.Transforms.DeepPoseConsensus(LiftingTestData.TinyDpcn with { Lifter = LiftingTestData.TinyDpcn.Lifter with { Seed = 5 } })
            : ml.Transforms.Martinez(LiftingTestData.TinyMartinez.Lifter with { Seed = 5 });
        StageContract.Run(ml, estimator, LiftingTestData.Small, PoseColumns.Keypoints2D, PoseColumns.Pose3D, [PoseColumns.PredictedPose3D], LifterTolerance);
    }

    /// <summary>The consensus saves as a CustomMapping running the same solver on the same input: bit for bit.</summary>
    [TestMethod]
    public void PoseConsensus()
    {
        var ml = new MLContext(1);
        var data = LiftingTestData.Small;
        var groupPoses = ml.Data.Cache(ml.Transforms.GroupLifters(Groups, LiftingTestData.TinyLifter with { Seed = 3 }).Fit(data).Transform(data));
        StageContract.Run(ml, ml.Transforms.PoseConsensus(Groups), groupPoses, "GroupPoses3D", PoseColumns.Pose3D, [PoseColumns.PredictedPose3D], 0);
    }

    /// <summary>Exact occurrence saved as ONNX (batched MatMul, exp, mean): float rounding of values in [0, 1].</summary>
    [TestMethod]
    public void ScoreOccurrence()
    {
        var ml = new MLContext(1);
        StageContract.Run(ml, ml.Transforms.ScoreOccurrence(mode: OccurrenceMode.Exact), LiftingTestData.Small,
            PoseColumns.Pose3D, PoseColumns.Keypoints2D, [RarePoseDefaults.OutputColumnName], 1e-5);
    }

    /// <summary>Soft-argmax saved as ONNX (MatMul with a coordinate grid, Softmax): float rounding of pixel
    /// coordinates below 8 px.</summary>
    [TestMethod]
    public void ConvertHeatmapsToKeypoints()
    {
        var ml = new MLContext(1);
        StageContract.Run(ml, ml.Transforms.ConvertHeatmapsToKeypoints(outputColumnName: "Detected2D"), Heatmaps(ml), PoseColumns.Heatmaps, PoseColumns.Keypoints2D,
            ["Detected2D"], 1e-4);
    }

    private sealed class HeatmapRow
    {
        public float[] Heatmaps { get; set; } = [];

        public float[] Keypoints2D { get; set; } = [];
    }

    private static IDataView Heatmaps(MLContext ml)
    {
        const int j = 17, h = 8, w = 8;
        var rng = new Random(7);
        var rows = Enumerable.Range(0, 12).Select(_ => new HeatmapRow
        {
            Heatmaps = Enumerable.Range(0, j * h * w).Select(_ => (float)rng.NextDouble()).ToArray(),
            Keypoints2D = new float[j * 2],
        }).ToList();
        var definition = SchemaDefinition.Create(typeof(HeatmapRow));
        definition[nameof(HeatmapRow.Heatmaps)].ColumnType = PoseColumnTypes.Vector(j, h, w);
        definition[nameof(HeatmapRow.Keypoints2D)].ColumnType = PoseColumnTypes.Vector(j, 2);
        return ml.Data.LoadFromEnumerable(rows, definition);
    }
}
