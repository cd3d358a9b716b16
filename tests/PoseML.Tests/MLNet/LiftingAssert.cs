using Microsoft.ML;

namespace PoseML.Tests.MLNet;

/// <summary>Comparisons and save/load round trips shared by the ML.NET lifting-stage tests.</summary>
internal static class LiftingAssert
{
    /// <summary>Tolerance between PoseML's engine and ONNX Runtime on poses in mm: both compute in float32 but ORT
    /// folds BatchNorm into the weights and sums the GEMMs in another order, so each value differs by a few ulps of
    /// the largest intermediate; with outputs up to a few thousand mm (ulp ≈ 2.4e-4 mm at 2048 mm) and a handful of
    /// layers, 1e-5 relative plus 1e-3 mm absolute leaves a margin of about 10× over the differences measured here
    /// while still catching any wrong weight, index or normalisation (those move poses by mm or more).</summary>
    public const double RelativeTolerance = 1e-5, AbsoluteToleranceMm = 1e-3;

    public static void Bitwise(float[] expected, float[] actual, string what) => FloatAssert.Bitwise(expected, actual, what);

    public static double Close(float[] expected, float[] actual, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, what);
        double worst = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var diff = Math.Abs((double)expected[i] - actual[i]);
            worst = Math.Max(worst, diff);
            if (!(diff <= AbsoluteToleranceMm + RelativeTolerance * Math.Abs(expected[i])))
                Assert.Fail($"{what}: value {i} is {actual[i]:R}, expected {expected[i]:R} (difference {diff:G3})");
        }
        return worst;
    }

    /// <summary>Saves <paramref name="model"/>, loads it in a fresh process, transforms <paramref name="data"/> there
    /// and returns the result; also returns the model loaded in this process.</summary>
    public static (IDataView Fresh, ITransformer Loaded) SaveAndLoad(MLContext ml, ITransformer model, IDataView data)
    {
        var dir = Directory.CreateTempSubdirectory("poseml-mlnet-").FullName;
        try
        {
            var path = Path.Combine(dir, "model.zip");
            ml.Model.Save(model, data.Schema, path);
            var fresh = FreshProcess.Transform(ml, path, data, dir);
            var loaded = new MLContext(seed: 0).Model.Load(path, out _);
            // Materialise the fresh output before the directory goes.
            var materialised = ml.Data.Cache(fresh);
            using (var cursor = materialised.GetRowCursor(materialised.Schema)) while (cursor.MoveNext()) { }
            return (materialised, loaded);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
