using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.MLNet;
using PoseML.Stages.Consensus;
using PoseML.Stages.JointGrouping;
using PoseML.Stages.PoseConsensus;

namespace PoseML.Tests.MLNet;

[TestClass]
public sealed class PoseConsensusMLNetTests
{
    private const int Frames = 300;

    private static JointGroups Groups { get; } = new(17, Enumerable.Range(0, 17).Select(i => Enumerable.Range(i, 8).Select(j => j % 17)));

    private sealed class Row
    {
        public float[] GroupPoses3D { get; set; } = [];

        public float[] Confidence { get; set; } = [];

        public string Subject { get; set; } = "";
    }

    private static (IDataView Data, ConsensusSynthetic.Problem Problem, float[] Confidence) Data(MLContext ml, int rows = -1)
    {
        var problem = ConsensusSynthetic.Make(Groups, Frames, seed: 3);
        var rng = new Random(4);
        var confidence = Enumerable.Range(0, Frames * 17).Select(_ => rng.NextDouble() < 0.1 ? 0f : 1f).ToArray();
        var r = Groups.RowCount;
        var items = Enumerable.Range(0, Frames).Select(f => new Row
        {
            GroupPoses3D = problem.Estimates.AsSpan(f * r * 3, r * 3).ToArray(),
            Confidence = confidence.AsSpan(f * 17, 17).ToArray(),
            Subject = "S" + (f % 3),
        }).ToList();
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.GroupPoses3D)].ColumnType = PoseColumnTypes.Vector(rows < 0 ? r : rows, 3);
        if (rows >= 0) foreach (var item in items) item.GroupPoses3D = item.GroupPoses3D.AsSpan(0, rows * 3).ToArray();
        definition[nameof(Row.Confidence)].ColumnType = PoseColumnTypes.PerJoint(17);
        return (ml.Data.LoadFromEnumerable(items, definition), problem, confidence);
    }

    private static float[] Reference(ConsensusSynthetic.Problem problem, float[]? confidence)
    {
        var solver = new ConsensusSolver(Groups, new PoseConsensusOptions().SolverOptions());
        var rowConfidence = Array.Empty<float>();
        if (confidence is not null)
        {
            rowConfidence = new float[Frames * Groups.RowCount];
            ConsensusSolver.ExpandJointConfidence(Groups, confidence, rowConfidence);
        }
        var poses = new float[Frames * 17 * 3];
        solver.Solve(problem.Estimates, rowConfidence, poses);
        return poses;
    }

    [TestMethod]
    public void PipelineWithBuiltIns_FitsTransformsSavesAndLoadsInAFreshProcess_BitForBit()
    {
        var ml = new MLContext(seed: 1);
        var (data, problem, _) = Data(ml);
        var expected = Reference(problem, confidence: null);
        var pipeline = ml.Transforms.CopyColumns("Estimates", "GroupPoses3D")
            .Append(ml.Transforms.PoseConsensus(Groups, new PoseConsensusOptions { InputColumnName = "Estimates", ConfidenceColumnName = null }));
        var model = pipeline.Fit(data);
        var scored = model.Transform(data);
        Assert.AreEqual("Vector<Single, 17, 3>", scored.Schema["PredictedPose3D"].Type.ToString());
        FloatAssert.Bitwise(expected, FreshProcess.Floats(scored, "PredictedPose3D"), "in process");

        var dir = Directory.CreateTempSubdirectory("poseml-mlnet-").FullName;
        try
        {
            var path = Path.Combine(dir, "consensus.zip");
            ml.Model.Save(model, data.Schema, path);
            var fresh = FreshProcess.Transform(ml, path, data, dir);
            Assert.AreEqual("Vector<Single, 17, 3>", fresh.Schema["PredictedPose3D"].Type.ToString());
            Assert.IsNull(fresh.Schema.GetColumnOrNull(SavedStateChain.StateColumn), "helper columns are dropped");
            FloatAssert.Bitwise(expected, FreshProcess.Floats(fresh, "PredictedPose3D"), "fresh process");

            var loaded = new MLContext().Model.Load(path, out _);
            var engine = ml.Model.CreatePredictionEngine<Row, PredictionRow>(loaded, inputSchemaDefinition: InputDefinition());
            var frame = 7;
            var one = engine.Predict(new Row { GroupPoses3D = problem.Estimates.AsSpan(frame * Groups.RowCount * 3, Groups.RowCount * 3).ToArray(), Confidence = new float[17], Subject = "S1" });
            FloatAssert.Bitwise(expected.AsSpan(frame * 51, 51).ToArray(), one.PredictedPose3D, "prediction engine");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void ConfidenceColumn_DropsZeroConfidenceJoints_InProcessAndAfterLoad()
    {
        var ml = new MLContext(seed: 1);
        var (data, problem, confidence) = Data(ml);
        var expected = Reference(problem, confidence);
        var model = ml.Transforms.PoseConsensus(Groups).Fit(data);
        FloatAssert.Bitwise(expected, FreshProcess.Floats(model.Transform(data), "PredictedPose3D"), "in process");
        var engine = ml.Model.CreatePredictionEngine<Row, PredictionRow>(model, inputSchemaDefinition: InputDefinition());
        var frame = 11;
        var one = engine.Predict(new Row
        {
            GroupPoses3D = problem.Estimates.AsSpan(frame * Groups.RowCount * 3, Groups.RowCount * 3).ToArray(),
            Confidence = confidence.AsSpan(frame * 17, 17).ToArray(),
        });
        FloatAssert.Bitwise(expected.AsSpan(frame * 51, 51).ToArray(), one.PredictedPose3D, "prediction engine, unsaved");

        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = new MLContext().Model.Load(stream, out _);
        FloatAssert.Bitwise(expected, FreshProcess.Floats(loaded.Transform(data), "PredictedPose3D"), "loaded");
    }

    [TestMethod]
    public void WrongGroupRowCount_FailsAtFitNamingTheColumnAndShape()
    {
        var ml = new MLContext(seed: 1);
        var (data, _, _) = Data(ml, rows: Groups.RowCount - 1);
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => ml.Transforms.PoseConsensus(Groups).Fit(data));
        StringAssert.Contains(e.Message, "GroupPoses3D");
        StringAssert.Contains(e.Message, $"float[{Groups.RowCount},3]");
        StringAssert.Contains(e.Message, $"float[{Groups.RowCount - 1},3]");
    }

    [TestMethod]
    public void SavedState_RoundTripsAndRejectsOtherVersionsByName()
    {
        var options = new PoseConsensusOptions { Solver = ConsensusSolverKind.L1, Tolerance = 1e-5, MaxIterations = 77, Mu = 0.0123 }.SolverOptions();
        var (groups, read) = ConsensusState.Parse(ConsensusState.Format(Groups, options));
        Assert.AreEqual(Groups, groups);
        Assert.AreEqual(options with { MaxThreads = 1 }, read);
        var e = Assert.ThrowsExactly<DataFormatException>(() => ConsensusState.Parse("poseml.consensus/9;solver=L21"));
        StringAssert.Contains(e.Message, "poseml.consensus/1");
        e = Assert.ThrowsExactly<DataFormatException>(() => ConsensusState.Parse(ConsensusState.Format(Groups, options).Replace("iterations=77", "iterations=x")));
        StringAssert.Contains(e.Message, "iterations");
    }

    private static SchemaDefinition InputDefinition()
    {
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.GroupPoses3D)].ColumnType = PoseColumnTypes.Vector(Groups.RowCount, 3);
        definition[nameof(Row.Confidence)].ColumnType = PoseColumnTypes.PerJoint(17);
        return definition;
    }

    private sealed class PredictionRow
    {
        public float[] PredictedPose3D { get; set; } = [];
    }
}
