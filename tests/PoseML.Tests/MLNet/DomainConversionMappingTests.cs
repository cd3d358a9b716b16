using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.Stages.DomainConversion;

namespace PoseML.Tests.MLNet;

[TestClass]
public sealed class DomainConversionMappingTests
{
    private sealed class Row
    {
        [VectorType(1, 4, 4)]
        public float[] Heatmaps { get; set; } = [];

        [VectorType(4)]
        public float[] CropToImage { get; set; } = [];
    }

    /// <summary>One 4×4 map with a single 1 at (u, v) = (2, 1): soft-argmax (Sum) gives exactly (2, 1). Heatmap → crop with
    /// scale 4: x = (2 + 0.5)·4 − 0.5 = 9.5, y = (1 + 0.5)·4 − 0.5 = 5.5. Row 0's crop → image (2, 3, 100, 50):
    /// x = (9.5 + 0.5)·2 − 0.5 + 100 = 119.5, y = (5.5 + 0.5)·3 − 0.5 + 50 = 67.5; row 1's identity keeps (9.5, 5.5).</summary>
    private static readonly float[] Expected = [119.5f, 67.5f, 9.5f, 5.5f];

    private static IDataView Data(MLContext ml)
    {
        var map = new float[16];
        map[1 * 4 + 2] = 1;
        return ml.Data.LoadFromEnumerable(new[]
        {
            new Row { Heatmaps = map, CropToImage = [2, 3, 100, 50] },
            new Row { Heatmaps = map, CropToImage = [1, 1, 0, 0] },
        });
    }

    [TestMethod]
    public void EachRowsCropMappingTakesKeypointsToItsOriginalImagePixels()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml);
        var options = new DomainConversionOptions { ScaleX = 4, ScaleY = 4, MappingColumnName = "CropToImage" };
        var model = ml.Transforms.ConvertHeatmapsToKeypoints(options).Fit(data);
        CollectionAssert.AreEqual(Expected, FreshProcess.Floats(model.Transform(data), "Keypoints2D"));

        var path = Path.Combine(Path.GetTempPath(), $"poseml-mapping-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var loaded = ml.Model.Load(path, out _).Transform(data);
            var saved = FreshProcess.Floats(loaded, "Keypoints2D");
            for (var i = 0; i < Expected.Length; i++) Assert.AreEqual(Expected[i], saved[i], 1e-4, $"saved form, value {i}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void AMissingOrMisshapedMappingColumnIsNamed()
    {
        var ml = new MLContext(seed: 1);
        var data = Data(ml);
        var options = new DomainConversionOptions { ScaleX = 4, ScaleY = 4, MappingColumnName = "Crop" };
        var ex = Assert.ThrowsExactly<SchemaMismatchException>(() => ml.Transforms.ConvertHeatmapsToKeypoints(options).Fit(data));
        StringAssert.Contains(ex.Message, "Crop");
        var wrong = ml.Transforms.CopyColumns("Crop", "Heatmaps").Fit(data).Transform(data);
        ex = Assert.ThrowsExactly<SchemaMismatchException>(() => ml.Transforms.ConvertHeatmapsToKeypoints(options).Fit(wrong));
        StringAssert.Contains(ex.Message, "float[4]");
    }
}
