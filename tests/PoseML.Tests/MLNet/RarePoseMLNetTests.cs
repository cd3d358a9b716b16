using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using PoseML.Core;
using PoseML.MLNet;
using PoseML.Onnx;
using PoseML.Stages.RarePose;

namespace PoseML.Tests.MLNet;

[TestClass]
public sealed class RarePoseMLNetTests
{
    private const int J = 6, References = 300, Queries = 60;

    /// <summary>Loaded (ONNX Runtime) against in-process exact occurrence. The graph expands
    /// <c>‖q'−p'‖² = ‖q'‖² − 2q'·p' + ‖p'‖²</c> in float, so each squared distance is off by about
    /// ε·(‖q'‖² + 2|q'·p'| + ‖p'‖²) ≤ 4ε·max‖·‖² ≈ 4·6e-8·25 = 6e-6 for these poses (scaled coordinates ≲ 5), which
    /// moves each kernel value by at most that relative amount; ONNX Runtime's Exp and sum order add a few ulps.
    /// An occurrence lies in [0, 1], so 2e-5 absolute is a 3× margin over the worst case, while a wrong σ, root
    /// or joint moves occurrences by ~1e-2 or more.</summary>
    private const float OccurrenceTolerance = 2e-5f;

    private sealed class Row
    {
        public float[] Pose3D { get; set; } = [];

        public string Subject { get; set; } = "";
    }

    private static float[] Poses(int count, int seed, double spread)
    {
        var rng = new Random(seed);
        var poses = new float[count * J * 3];
        for (var n = 0; n < count; n++)
        {
            var mode = rng.Next(3);
            for (var j = 0; j < J * 3; j++)
                poses[n * J * 3 + j] = (float)(100 * j * (mode + 1) % 400 - 200 + spread * (rng.NextDouble() * 2 - 1) + 1000 * (j % 3 == 2 ? 1 : 0));
        }
        return poses;
    }

    private static IDataView View(MLContext ml, float[] poses, int[]? dims = null)
    {
        var rows = poses.Length / (J * 3);
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Pose3D)].ColumnType = PoseColumnTypes.Vector(dims ?? [J, 3]);
        var size = (dims ?? [J, 3]).Aggregate(1, (a, d) => a * d);
        return ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(r => new Row { Pose3D = poses.AsSpan(r * J * 3, J * 3).ToArray()[..size], Subject = "S" + r % 2 }).ToList(), definition);
    }

    private static (IDataView Reference, IDataView Query, float[] QueryPoses) Data(MLContext ml)
    {
        var query = Poses(Queries, 2, 120);
        query[5 * J * 3 + 4] = float.NaN; // a pose with a missing joint scores NaN
        return (View(ml, Poses(References, 1, 80)), View(ml, query), query);
    }

    /// <summary>The scorer called directly: <see cref="OccurrenceScorer.Fit(IDataView, RarePoseOptions)"/> on the
    /// reference poses, then <see cref="OccurrenceScorer.Score(ReadOnlySpan{float})"/> on all query poses.</summary>
    private static float[] Algorithm(IDataView reference, IDataView query, RarePoseOptions options) =>
        OccurrenceScorer.Fit(reference, options).Score(FreshProcess.Floats(query, options.InputColumnName));

    private static float[] Scalars(IDataView view, string column) => view.GetColumn<float>(column).ToArray();

    private static float AssertClose(float[] expected, float[] actual, string what) => FloatAssert.Close(expected, actual, OccurrenceTolerance, what);

    [TestMethod]
    public void BothModes_InProcessEqualTheScorerBitForBit()
    {
        var ml = new MLContext(seed: 1);
        var (reference, query, _) = Data(ml);
        foreach (var mode in new[] { OccurrenceMode.Exact, OccurrenceMode.Fast })
        {
            var options = new RarePoseOptions { Mode = mode };
            var scored = ml.Transforms.ScoreOccurrence(options).Fit(reference).Transform(query);
            Assert.AreEqual(NumberDataViewType.Single, scored.Schema[RarePoseDefaults.OutputColumnName].Type, "Occurrence is a float scalar");
            var expected = Algorithm(reference, query, options);
            FloatAssert.Bitwise(expected, Scalars(scored, "Occurrence"), mode.ToString());
            Assert.IsTrue(float.IsNaN(expected[5]));
            Assert.IsTrue(expected.Where(float.IsFinite).Max() > 0.05, "the data holds common poses");
        }
    }

    [TestMethod]
    public void ExactMode_SavesAsAnOnnxGraph_AndLoadsInAFreshProcessWithinTolerance()
    {
        var ml = new MLContext(seed: 1);
        var (reference, query, _) = Data(ml);
        var model = ml.Transforms.ScoreOccurrence(mode: OccurrenceMode.Exact).Fit(reference);
        var expected = Scalars(model.Transform(query), "Occurrence");
        var dir = Directory.CreateTempSubdirectory("poseml-rare-").FullName;
        try
        {
            var path = Path.Combine(dir, "rare.zip");
            ml.Model.Save(model, query.Schema, path);
            var fresh = FreshProcess.Transform(ml, path, query, dir);
            Assert.AreEqual(NumberDataViewType.Single, fresh.Schema["Occurrence"].Type, "the loaded model keeps the float scalar");
            Assert.IsNull(fresh.Schema.GetColumnOrNull(OccurrenceScalarMapping.VectorColumn), "helper columns are dropped");
            var worst = AssertClose(expected, Scalars(fresh, "Occurrence"), "fresh process");
            Console.WriteLine($"exact occurrence: largest loaded-vs-in-process difference {worst:E2}");
            Assert.IsTrue(new FileInfo(path).Length > References * J * 4 * 3, "the reference set travels once, in the graph");
            Assert.IsTrue(new FileInfo(path).Length < References * J * 4 * 8, "and not per row");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void FastMode_RefusesToSave_WithAnErrorThatSaysWhatToDo()
    {
        var ml = new MLContext(seed: 1);
        var (reference, query, _) = Data(ml);
        var model = ml.Transforms.ScoreOccurrence().Fit(reference);
        using var stream = new MemoryStream();
        var e = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.Save(model, query.Schema, stream));
        StringAssert.Contains(e.Message, "OccurrenceMode.Exact");
        StringAssert.Contains(e.Message, "GridSample");
    }

    /// <summary>Pins the measurement behind fast mode's refusal: ONNX Runtime 1.32 runs 5-D GridSample in linear
    /// mode (trilinear: O(h²) error, which would break fast mode's stated O(h⁴) bound) and refuses cubic.</summary>
    [TestMethod]
    public void OnnxRuntime_GridSample5D_RunsLinearButRefusesCubic()
    {
        foreach (var (mode, runs) in new[] { ("linear", true), ("cubic", false) })
        {
            var b = new OnnxGraphBuilder();
            b.Reserve("X");
            b.Reserve("G");
            b.Op("GridSample", ["X", "G"], "Y", OnnxAttribute.String("mode", mode), OnnxAttribute.Int("align_corners", 1));
            var graph = b.Build("g", [new OnnxValueInfo("X", OnnxDataType.Float, 1, 1, 4, 4, 4), new OnnxValueInfo("G", OnnxDataType.Float, 1, 1, 1, 1, 3)],
                [new OnnxValueInfo("Y", OnnxDataType.Float, 1, 1, 1, 1, 1)]);
            using var session = new InferenceSession(new OnnxModel(graph, [], "test", opset: 20).ToBytes());
            using var x = OrtValue.CreateTensorValueFromMemory(Enumerable.Range(0, 64).Select(i => (float)i).ToArray(), [1, 1, 4, 4, 4]);
            using var g = OrtValue.CreateTensorValueFromMemory(new float[] { 0, 0, 0 }, [1, 1, 1, 1, 3]);
            using var run = new RunOptions();
            try
            {
                using var outputs = session.Run(run, ["X", "G"], [x, g], ["Y"]);
                Assert.IsTrue(runs, $"{mode} ran");
                Assert.AreEqual(31.5f, outputs[0].GetTensorDataAsSpan<float>()[0], 1e-4, "the centre of the 4×4×4 ramp (1.5·16 + 1.5·4 + 1.5)");
            }
            catch (OnnxRuntimeException e)
            {
                Assert.IsFalse(runs, $"{mode}: {e.Message}");
                StringAssert.Contains(e.Message, "4-D");
            }
        }
    }

    private sealed class Prediction
    {
        public float Occurrence { get; set; }
    }

    [TestMethod]
    public void PredictionEngine_OneRow_EqualsTheBatch()
    {
        var ml = new MLContext(seed: 1);
        var (reference, query, poses) = Data(ml);
        var model = ml.Transforms.ScoreOccurrence(mode: OccurrenceMode.Exact).Fit(reference);
        var expected = Scalars(model.Transform(query), "Occurrence");
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Pose3D)].ColumnType = PoseColumnTypes.Pose3D(J);
        var input = new Row { Pose3D = poses.AsSpan(3 * J * 3, J * 3).ToArray() };
        Assert.AreEqual(expected[3], ml.Model.CreatePredictionEngine<Row, Prediction>(model, inputSchemaDefinition: definition).Predict(input).Occurrence);
        using var stream = new MemoryStream();
        ml.Model.Save(model, query.Schema, stream);
        stream.Position = 0;
        var loaded = new MLContext().Model.Load(stream, out _);
        var again = ml.Model.CreatePredictionEngine<Row, Prediction>(loaded, inputSchemaDefinition: definition).Predict(input).Occurrence;
        Assert.AreEqual(expected[3], again, OccurrenceTolerance, "loaded prediction engine");
    }

    [TestMethod]
    public void PosesOfAnotherShape_FailNamingTheColumn()
    {
        var ml = new MLContext(seed: 1);
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => ml.Transforms.ScoreOccurrence().Fit(View(ml, Poses(10, 1, 1), [J, 2])));
        StringAssert.Contains(e.Message, "Pose3D");
        StringAssert.Contains(e.Message, "float[J,3]");
        StringAssert.Contains(e.Message, $"float[{J},2]");
        var model = ml.Transforms.ScoreOccurrence(mode: OccurrenceMode.Exact).Fit(View(ml, Poses(10, 1, 1)));
        e = Assert.ThrowsExactly<SchemaMismatchException>(() => model.Transform(View(ml, Poses(10, 1, 1), [J - 1, 3])));
        StringAssert.Contains(e.Message, $"expected 3D poses float[{J},3]");
    }

    [TestMethod]
    public void PipelineWithBuiltIns_ScoresAndRescales_InProcessAndLoaded()
    {
        var ml = new MLContext(seed: 1);
        var (reference, query, _) = Data(ml);
        var pipeline = ml.Transforms.CopyColumns("Pose", "Pose3D")
            .Append(ml.Transforms.ScoreOccurrence("Occ", "Pose", OccurrenceMode.Exact))
            .Append(ml.Transforms.Expression("Rarity", "o : 1 - o", "Occ"));
        var model = pipeline.Fit(reference);
        var expected = Algorithm(reference, query, new RarePoseOptions { Mode = OccurrenceMode.Exact });
        var scored = model.Transform(query);
        FloatAssert.Bitwise(expected, Scalars(scored, "Occ"), "in process");
        var rarity = Scalars(scored, "Rarity");
        for (var i = 0; i < rarity.Length; i++) Assert.AreEqual(1 - expected[i], rarity[i], 1e-7, "built-in after the stage");
        using var stream = new MemoryStream();
        ml.Model.Save(model, reference.Schema, stream);
        stream.Position = 0;
        var loaded = new MLContext().Model.Load(stream, out _).Transform(query);
        AssertClose(expected, Scalars(loaded, "Occ"), "loaded");
    }

    [TestMethod]
    public void SigmaCountMustMatchTheJoints_CheckedBeforeReading()
    {
        var data = PoseML.Tests.Pipeline.SyntheticPoses.Create(subjects: 1, framesPerSubject: 5);
        var estimator = new MLContext(1).Transforms.ScoreOccurrence(new RarePoseOptions { Sigma = [1f, 2f, 3f] });
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => estimator.Fit(new UnreadableDataView(data)));
        Assert.AreEqual(PoseML.Data.PoseColumns.Pose3D, e.Column);
    }
}
