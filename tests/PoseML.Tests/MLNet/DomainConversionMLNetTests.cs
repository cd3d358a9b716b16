using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.MLNet;
using PoseML.Stages.DomainConversion;

namespace PoseML.Tests.MLNet;

[TestClass]
public sealed class DomainConversionMLNetTests
{
    private const int Rows = 40, J = 5, H = 16, W = 12;

    /// <summary>Loaded (ONNX Runtime) against in-process keypoints, in image pixels. Each coordinate is a ratio of
    /// sums of H·W = 192 float terms that ONNX Runtime adds in another order (MLAS GEMM, or Softmax normalising
    /// first) than our Vector256 lanes: each sum is off by at most n·ε ≈ 192·6e-8 ≈ 1.1e-5 relative, so a coordinate
    /// of at most W·scale + offset ≈ 60 px moves by ≲ 1e-3 px in the worst case and ~1e-5 px typically. Argmax and
    /// confidence use no sums and agree exactly; a wrong grid, axis or mapping would move keypoints by whole pixels.</summary>
    private const float PixelTolerance = 1e-3f;

    private sealed class Row
    {
        public float[] Heatmaps { get; set; } = [];

        public string Subject { get; set; } = "";
    }

    private static readonly DomainConversionOptions[] Variants =
    [
        new() { ScaleX = 4, ScaleY = 3, OffsetX = 10, OffsetY = -2 },
        new() { Normalization = HeatmapNormalization.Softmax, Beta = 2.5f, ScaleX = 4, ScaleY = 4, ConfidenceColumnName = null },
        new() { Method = DomainConversionMethod.Argmax, ScaleX = 2, ScaleY = 2, OffsetY = 1 },
    ];

    private static (IDataView Data, float[] Maps) Data(MLContext ml, int[]? dims = null)
    {
        var rng = new Random(7);
        var maps = new float[Rows * J * H * W];
        for (var m = 0; m < Rows * J; m++)
        {
            double cx = rng.NextDouble() * (W + 4) - 2, cy = rng.NextDouble() * (H + 4) - 2, s = 1 + rng.NextDouble() * 2;
            for (var v = 0; v < H; v++)
                for (var u = 0; u < W; u++)
                    maps[(m * H + v) * W + u] = (float)(Math.Exp(-((u - cx) * (u - cx) + (v - cy) * (v - cy)) / (2 * s * s)) * (0.5 + rng.NextDouble() * 0.8) + rng.NextDouble() * 0.01);
        }
        maps.AsSpan(3 * H * W, H * W).Clear();                 // row 0, joint 3: all zero → missing under Sum
        maps[(7 * J + 1) * H * W + 5] = float.NaN;             // row 7, joint 1: a NaN → missing everywhere
        maps.AsSpan((9 * J + 2) * H * W, 2 * W).Fill(1.0f);    // row 9, joint 2: a tie of peaks → the first one
        var items = Enumerable.Range(0, Rows).Select(r => new Row { Heatmaps = maps.AsSpan(r * J * H * W, J * H * W).ToArray(), Subject = "S" + r % 3 }).ToList();
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Heatmaps)].ColumnType = PoseColumnTypes.Vector(dims ?? [J, H, W]);
        return (ml.Data.LoadFromEnumerable(items, definition), maps);
    }

    /// <summary>The conversion algorithm called directly (<see cref="HeatmapConversion.Compute"/>) on all rows'
    /// maps: <paramref name="column"/> is the options' keypoint or confidence column.</summary>
    private static float[] Algorithm(IDataView data, DomainConversionOptions options, string column)
    {
        var maps = FreshProcess.Floats(data, options.InputColumnName);
        var rows = maps.Length / (J * H * W);
        var keypoints = new float[rows * J * 2];
        var confidence = new float[rows * J];
        HeatmapConversion.Compute(options, maps, H, W, keypoints, options.ConfidenceColumnName is null ? [] : confidence);
        return column == options.OutputColumnName ? keypoints : confidence;
    }

    [TestMethod]
    public void EveryVariant_InProcessEqualsTheAlgorithmBitForBit_AndTheSavedGraphMatchesInAFreshProcess()
    {
        var ml = new MLContext(seed: 1);
        var (data, _) = Data(ml);
        var dir = Directory.CreateTempSubdirectory("poseml-domain-").FullName;
        try
        {
            foreach (var (options, index) in Variants.Select((o, i) => (o, i)))
            {
                var what = $"{options.Method}/{options.Normalization}";
                var model = ml.Transforms.ConvertHeatmapsToKeypoints(options).Fit(data);
                var scored = model.Transform(data);
                Assert.AreEqual("Vector<Single, 5, 2>", scored.Schema[options.OutputColumnName].Type.ToString());
                var expected = Algorithm(data, options, options.OutputColumnName);
                FloatAssert.Bitwise(expected, FreshProcess.Floats(scored, options.OutputColumnName), what + " keypoints");
                Assert.IsTrue(float.IsNaN(expected[(7 * J + 1) * 2]), "the NaN map is a missing joint");
                if (options.Method == DomainConversionMethod.Argmax) Assert.AreEqual(0.5f * 2 - 0.5f, expected[(9 * J + 2) * 2], "ties go to the first peak");

                var path = Path.Combine(dir, $"domain{index}.zip");
                ml.Model.Save(model, data.Schema, path);
                var fresh = FreshProcess.Transform(ml, path, data, Directory.CreateDirectory(Path.Combine(dir, $"run{index}")).FullName);
                Assert.AreEqual("Vector<Single, 5, 2>", fresh.Schema[options.OutputColumnName].Type.ToString(), what);
                var worst = FloatAssert.Close(expected, FreshProcess.Floats(fresh, options.OutputColumnName), PixelTolerance, what + " fresh keypoints");
                Console.WriteLine($"{what}: largest loaded-vs-in-process keypoint difference {worst:E2} px");
                if (options.ConfidenceColumnName is { } c)
                {
                    var confidence = Algorithm(data, options, c);
                    FloatAssert.Bitwise(confidence, FreshProcess.Floats(scored, c), what + " confidence");
                    Assert.AreEqual("Vector<Single, 5>", fresh.Schema[c].Type.ToString());
                    FloatAssert.Bitwise(confidence, FreshProcess.Floats(fresh, c), what + " fresh confidence");
                }
                else
                {
                    Assert.IsNull(fresh.Schema.GetColumnOrNull(PoseML.Data.PoseColumns.Confidence), "no confidence column when none is asked for");
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed class Prediction
    {
        public float[] Keypoints2D { get; set; } = [];

        public float[] Confidence { get; set; } = [];
    }

    [TestMethod]
    public void PredictionEngine_OneRow_EqualsTheBatch_BeforeAndAfterLoading()
    {
        var ml = new MLContext(seed: 1);
        var (data, maps) = Data(ml);
        var options = Variants[0];
        var model = ml.Transforms.ConvertHeatmapsToKeypoints(options).Fit(data);
        var expected = FreshProcess.Floats(model.Transform(data), options.OutputColumnName);
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Heatmaps)].ColumnType = PoseColumnTypes.Vector(J, H, W);
        var row = 11;
        var input = new Row { Heatmaps = maps.AsSpan(row * J * H * W, J * H * W).ToArray() };
        var one = ml.Model.CreatePredictionEngine<Row, Prediction>(model, inputSchemaDefinition: definition).Predict(input);
        FloatAssert.Bitwise(expected.AsSpan(row * J * 2, J * 2).ToArray(), one.Keypoints2D, "prediction engine");

        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = new MLContext().Model.Load(stream, out _);
        var again = ml.Model.CreatePredictionEngine<Row, Prediction>(loaded, inputSchemaDefinition: definition).Predict(input);
        FloatAssert.Close(expected.AsSpan(row * J * 2, J * 2).ToArray(), again.Keypoints2D, PixelTolerance, "loaded prediction engine");
        Assert.AreEqual(J, again.Confidence.Length);
    }

    [TestMethod]
    public void HeatmapsOfAnotherShape_FailNamingTheColumn()
    {
        var ml = new MLContext(seed: 1);
        var (flat, _) = Data(ml, [J * H, W]);
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => ml.Transforms.ConvertHeatmapsToKeypoints().Fit(flat));
        StringAssert.Contains(e.Message, "Heatmaps");
        StringAssert.Contains(e.Message, "float[J,H,W]");
        StringAssert.Contains(e.Message, $"float[{J * H},{W}]");
        var (data, _) = Data(ml);
        var model = ml.Transforms.ConvertHeatmapsToKeypoints().Fit(data);
        var (other, _) = Data(ml, [J, W, H]);
        e = Assert.ThrowsExactly<SchemaMismatchException>(() => model.Transform(other));
        StringAssert.Contains(e.Message, $"expected float[{J},{H},{W}]");
        e = Assert.ThrowsExactly<SchemaMismatchException>(() => ml.Transforms.ConvertHeatmapsToKeypoints(inputColumnName: "Maps").Fit(data));
        StringAssert.Contains(e.Message, "'Maps'");
    }

    [TestMethod]
    public void PipelineWithBuiltIns_CopiesConvertsAndConcatenates_InProcessAndLoaded()
    {
        var ml = new MLContext(seed: 1);
        var (data, _) = Data(ml);
        var pipeline = ml.Transforms.CopyColumns("Maps", "Heatmaps")
            .Append(ml.Transforms.ConvertHeatmapsToKeypoints("Points", "Maps", scale: 4))
            .Append(ml.Transforms.Concatenate("Features", "Points", "Confidence"))
            .Append(ml.Transforms.DropColumns("Maps"));
        var model = pipeline.Fit(data);
        var expected = Algorithm(data, new DomainConversionOptions { OutputColumnName = "Points", ScaleX = 4, ScaleY = 4 }, "Points");
        var features = FreshProcess.Floats(model.Transform(data), "Features");
        Assert.AreEqual(Rows * J * 3, features.Length);
        FloatAssert.Bitwise(expected, Enumerable.Range(0, Rows).SelectMany(r => features.Skip(r * J * 3).Take(J * 2)).ToArray(), "features");
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = new MLContext().Model.Load(stream, out _).Transform(data);
        Assert.IsNull(loaded.Schema.GetColumnOrNull("Maps"));
        FloatAssert.Close(features, FreshProcess.Floats(loaded, "Features"), PixelTolerance, "loaded features");
    }

    [TestMethod]
    public void Confidence_IsThePeakClampedToOne_AndZeroForAnEmptyMap()
    {
        const int Size = 8, Joints = 3, Frames = 4;
        var rng = new Random(1);
        var maps = new float[Frames * Joints * Size * Size];
        for (var i = 0; i < maps.Length; i++) maps[i] = (float)rng.NextDouble() * 0.9f;
        maps[0] = 1.7f;                              // peak above 1: confidence clamps to 1
        Array.Clear(maps, Size * Size, Size * Size); // joint 1 of row 0: all zero → NaN keypoint, confidence 0
        var data = new DataViewBuilder().AddFloat(PoseML.Data.PoseColumns.Heatmaps, maps, Joints, Size, Size).Build();
        var output = new MLContext(1).Transforms.ConvertHeatmapsToKeypoints(scale: 4).Fit(data).Transform(data);
        var keypoints = FreshProcess.Floats(output, PoseML.Data.PoseColumns.Keypoints2D);
        var expected = new float[Frames * Joints * 2];
        SoftArgmax.Forward(maps, Size, Size, expected, mapping: new HeatmapImageMapping(4, 4));
        CollectionAssert.AreEqual(expected, keypoints, "the soft-argmax kernel, mapped to pixels");
        var confidence = FreshProcess.Floats(output, PoseML.Data.PoseColumns.Confidence);
        Assert.AreEqual(1f, confidence[0]);
        Assert.AreEqual(0f, confidence[1]);
        Assert.IsTrue(float.IsNaN(keypoints[2]));
        Assert.AreEqual(maps.AsSpan(2 * Size * Size, Size * Size).ToArray().Max(), confidence[2]);
    }
}
