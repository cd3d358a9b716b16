using System.Collections.Immutable;
using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Catalog;
using PoseML.Data.View;
using PoseML.Vision.Images;
using PoseML.Vision.Images.Cropping;
using PoseML.Vision.Images.Rendering;
using SkiaSharp;

namespace PoseML.Vision.Tests.Images;

[TestClass]
public sealed class RenderedImageTests
{
    // A small slice: two subjects, two cameras, frames 0, 100, 200 of every action (13 actions) → 2·2·13·3 = 156 rows.
    private static readonly RenderedImageOptions Small = new()
    {
        Subjects = ["SynthS2", "SynthS5"], Cameras = [1, 3], FrameStride = 100, FramesPerAction = 3, ImageSize = 48, Seed = 7,
    };

    private static (float[] Images, DataBatch Labels) ReadAll(IDataView view, int batchSize)
    {
        var images = new List<float>();
        DataBatch? labels = null;
        foreach (var b in view.GetBatches(batchSize))
        {
            images.AddRange(b.GetFloats(ImageColumns.Image).ToArray());
            labels ??= b;
        }
        return (images.ToArray(), labels!);
    }

    [TestMethod]
    public void Schema_IsTheImageContract()
    {
        var view = new MLContext().Data.LoadRenderedImages(Small);
        var s = view.Schema;
        Assert.AreEqual("Vector<Single, 3, 48, 48>", s[ImageColumns.Image].Type.ToString());
        Assert.AreEqual("Vector<Single, 17, 2>", s[ImageColumns.Keypoints2D].Type.ToString());
        Assert.AreEqual("Vector<Single, 17>", s[ImageColumns.Visibility].Type.ToString());
        Assert.AreEqual("Vector<Single, 4>", s[ImageColumns.CropToImage].Type.ToString());
        Assert.AreEqual("Vector<Single, 17, 3>", s[ImageColumns.Pose3D].Type.ToString());
        Assert.AreEqual(156, view.CountRows());
    }

    [TestMethod]
    public void SameRowsWhateverTheBatchSize_AndValuesInUnitRange()
    {
        var view = RenderedImages.Load(Small with { Subjects = ["SynthS2"], Cameras = [1], FramesPerAction = 1 });
        var (a, _) = ReadAll(view, 1);
        var (b, _) = ReadAll(view, 5);
        Assert.AreEqual(13 * 3 * 48 * 48, a.Length);
        CollectionAssert.AreEqual(a, b);
        Assert.IsTrue(a.All(v => v is >= 0 and <= 1));
        // Another seed changes appearance and scenes, not labels.
        var other = RenderedImages.Load(Small with { Subjects = ["SynthS2"], Cameras = [1], FramesPerAction = 1, Seed = 8 });
        var (c, _) = ReadAll(other, 5);
        Assert.IsTrue(a.Zip(c).Count(p => p.First != p.Second) > a.Length / 2);
        CollectionAssert.AreEqual(view.ReadFloats(ImageColumns.Keypoints2D), other.ReadFloats(ImageColumns.Keypoints2D));
    }

    [TestMethod]
    public void Labels_AreTheSyntheticDatasetsOwn()
    {
        var rendered = RenderedImages.Load(Small).Cache();
        var reference = Datasets.Load("synthetic").Filter([PoseColumns.Subject, PoseColumns.Camera, PoseColumns.Frame], (b, r) =>
            b.GetTexts(PoseColumns.Subject)[r] is "SynthS2" or "SynthS5" && b.GetInts(PoseColumns.Camera)[r] is 1 or 3
            && b.GetInts(PoseColumns.Frame)[r] % 100 == 0 && b.GetInts(PoseColumns.Frame)[r] < 300).Cache();
        CollectionAssert.AreEqual(reference.ReadTexts(PoseColumns.Action), rendered.ReadTexts(ImageColumns.Action));
        CollectionAssert.AreEqual(reference.ReadInts(PoseColumns.Frame), rendered.ReadInts(ImageColumns.Frame));
        CollectionAssert.AreEqual(reference.ReadFloats(PoseColumns.Keypoints2D), rendered.ReadFloats(ImageColumns.Keypoints2D));
        CollectionAssert.AreEqual(reference.ReadFloats(PoseColumns.Pose3D), rendered.ReadFloats(ImageColumns.Pose3D));
        Assert.IsTrue(rendered.ReadFloats(ImageColumns.Visibility).All(v => v == 1));
    }

    [TestMethod]
    public void Crop_IsTheSquareAroundTheJointsWithTheMargin()
    {
        var view = RenderedImages.Load(Small).Cache();
        var kp = view.ReadFloats(ImageColumns.Keypoints2D);
        var crops = view.ReadFloats(ImageColumns.CropToImage);
        const float tolerance = 1e-3f; // float rounding of pixel coordinates near 1000
        for (var r = 0; r < view.Rows; r++)
        {
            var crop = CropToImage.From(crops.AsSpan(r * 4, 4));
            float minX = float.MaxValue, maxX = float.MinValue, minY = float.MaxValue, maxY = float.MinValue;
            for (var j = 0; j < 17; j++)
            {
                var x = crop.ToCropX(kp[(r * 17 + j) * 2]);
                var y = crop.ToCropY(kp[(r * 17 + j) * 2 + 1]);
                (minX, maxX, minY, maxY) = (Math.Min(minX, x), Math.Max(maxX, x), Math.Min(minY, y), Math.Max(maxY, y));
            }
            // The longer side of the joints' box spans S / margin crop pixels, centred in the square (centre (S−1)/2).
            Assert.AreEqual(48 / 1.3f, Math.Max(maxX - minX, maxY - minY), 1e-2f);
            Assert.AreEqual(23.5f, (minX + maxX) / 2, tolerance * 100);
            Assert.AreEqual(23.5f, (minY + maxY) / 2, tolerance * 100);
        }
    }

    [TestMethod]
    public void Body_CoversEveryJoint_AndLeavesTheCornersAlone()
    {
        // Paint only the person (no background) on a transparent canvas: every joint's crop pixel is covered, the corners are not.
        var view = RenderedImages.Load(Small with { ImageSize = 96 }).Cache();
        var pose = view.ReadFloats(ImageColumns.Pose3D);
        var kp = view.ReadFloats(ImageColumns.Keypoints2D);
        var crops = view.ReadFloats(ImageColumns.CropToImage);
        var cameras = view.ReadInts(ImageColumns.Camera);
        var subjects = view.ReadTexts(ImageColumns.Subject);
        var painter = new PersonPainter();
        var rig = PoseML.Data.Cameras.H36MCameras.Rig();
        for (var r = 0; r < view.Rows; r += 7)
        {
            using var bitmap = new SKBitmap(new SKImageInfo(96, 96, SKColorType.Rgba8888, SKAlphaType.Premul));
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.Clear(SKColors.Transparent);
                var scene = SceneStyle.Draw(new Random(r));
                painter.Paint(canvas, pose.AsSpan(r * 51, 51), rig.Cameras[cameras[r]].Intrinsics, CropToImage.From(crops.AsSpan(r * 4, 4)),
                    PersonAppearance.For(subjects[r], 0), scene);
            }
            var crop = CropToImage.From(crops.AsSpan(r * 4, 4));
            for (var j = 0; j < 17; j++)
            {
                var x = (int)MathF.Round(crop.ToCropX(kp[(r * 17 + j) * 2]));
                var y = (int)MathF.Round(crop.ToCropY(kp[(r * 17 + j) * 2 + 1]));
                Assert.AreEqual(255, bitmap.GetPixel(x, y).Alpha, $"row {r} joint {j} at ({x}, {y}) is not covered");
            }
            foreach (var (x, y) in new[] { (0, 0), (95, 0) })
                Assert.AreEqual(0, bitmap.GetPixel(x, y).Alpha, $"row {r}: corner ({x}, {y}) painted");
        }
    }

    [TestMethod]
    public void Appearance_DependsOnSubjectAndSeedOnly()
    {
        Assert.AreEqual(PersonAppearance.For("SynthS1", 3), PersonAppearance.For("SynthS1", 3));
        Assert.AreNotEqual(PersonAppearance.For("SynthS1", 3), PersonAppearance.For("SynthS2", 3));
        Assert.AreNotEqual(PersonAppearance.For("SynthS1", 3), PersonAppearance.For("SynthS1", 4));
    }

    [TestMethod]
    public void Cmu_RendersCmuSubjects()
    {
        var view = RenderedImages.Load(new RenderedImageOptions { Source = "cmu", FrameStride = 1000, FramesPerAction = 1, Cameras = [0], ImageSize = 32 });
        var batch = view.GetBatches(4).First();
        Assert.IsTrue(batch.GetTexts(ImageColumns.Subject)[0].StartsWith("CMU", StringComparison.Ordinal));
        Assert.IsTrue(batch.GetFloats(ImageColumns.Image).ToArray().Any(v => v > 0));
    }

    [TestMethod]
    public void BadOptions_FailNamingTheOption()
    {
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOptionException>(() => RenderedImages.Load(new() { Source = "movies" })).Message, "Source");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOptionException>(() => RenderedImages.Load(new() { Subjects = ["S1"] })).Message, "SynthS1");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOptionException>(() => RenderedImages.Load(new() { Cameras = [4] })).Message, "Cameras");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOptionException>(() => RenderedImages.Load(new() { ImageSize = 8 })).Message, "ImageSize");
    }

    [TestMethod]
    public void Export_WritesPngsThatDecodeToTheViewsPixels()
    {
        var folder = TestImages.NewFolder();
        var view = RenderedImages.Load(Small with { ImageSize = 32 });
        var files = ImageExport.Write(view, folder, 3);
        Assert.AreEqual(4, files.Count);
        var lines = File.ReadAllLines(Path.Combine(folder, ImageExport.LabelsFile));
        Assert.AreEqual(4, lines.Length);
        StringAssert.StartsWith(lines[1], "image_000000.png,SynthS2,");
        var first = view.GetBatches(1).First().GetFloats(ImageColumns.Image).ToArray();
        using var png = PoseML.Vision.Images.Decoding.ImageDecoder.Decode(files[0]);
        var decoded = new float[first.Length];
        ImageCropper.ToChw(png, decoded);
        for (var i = 0; i < first.Length; i++) Assert.AreEqual(first[i], decoded[i], 0.5f / 255 + 1e-6f); // 8-bit rounding
    }

    [TestMethod]
    public void CropJitter_MovesAndScalesTheSquare_LabelsStayExact()
    {
        var plain = RenderedImages.Load(Small).Cache();
        var jittered = RenderedImages.Load(Small with { CropJitter = 0.2 }).Cache();
        CollectionAssert.AreEqual(plain.ReadFloats(ImageColumns.Keypoints2D), jittered.ReadFloats(ImageColumns.Keypoints2D));
        var a = plain.ReadFloats(ImageColumns.CropToImage);
        var b = jittered.ReadFloats(ImageColumns.CropToImage);
        for (var r = 0; r < plain.Rows; r++)
        {
            var p = CropToImage.From(a.AsSpan(r * 4, 4));
            var q = CropToImage.From(b.AsSpan(r * 4, 4));
            // Scale within ±20 %, centre within ±20 % of the unjittered side (plus float rounding).
            Assert.IsTrue(Math.Abs(q.ScaleX / p.ScaleX - 1) <= 0.2 + 1e-5, $"row {r}");
            Assert.IsTrue(Math.Abs(q.ToImageX(23.5f) - p.ToImageX(23.5f)) <= 0.2 * 48 * p.ScaleX + 1e-2, $"row {r}");
            Assert.IsTrue(Math.Abs(q.ToImageY(23.5f) - p.ToImageY(23.5f)) <= 0.2 * 48 * p.ScaleY + 1e-2, $"row {r}");
        }
        Assert.IsTrue(Enumerable.Range(0, plain.Rows).Count(r => a[r * 4] != b[r * 4]) > plain.Rows / 2);
        Assert.AreEqual(156L, RenderedImages.Load(Small).RowCount);
    }

    [TestMethod]
    public void MlNetCursor_SeesTheSameRowsAsBatches()
    {
        var view = new MLContext().Data.LoadRenderedImages(Small with { Subjects = ["SynthS5"], Cameras = [3], FramesPerAction = 1 });
        var images = view.ReadFloats(ImageColumns.Image);
        var crops = view.ReadFloats(ImageColumns.CropToImage);
        var image = view.Schema[ImageColumns.Image];
        var crop = view.Schema[ImageColumns.CropToImage];
        using var cursor = view.GetRowCursor([image, crop]);
        var getImage = cursor.GetGetter<Microsoft.ML.Data.VBuffer<float>>(image);
        var getCrop = cursor.GetGetter<Microsoft.ML.Data.VBuffer<float>>(crop);
        var pixels = default(Microsoft.ML.Data.VBuffer<float>);
        var box = default(Microsoft.ML.Data.VBuffer<float>);
        var row = 0;
        const int n = 3 * 48 * 48;
        while (cursor.MoveNext())
        {
            getImage(ref pixels);
            getCrop(ref box);
            CollectionAssert.AreEqual(images.AsSpan(row * n, n).ToArray(), pixels.DenseValues().ToArray());
            CollectionAssert.AreEqual(crops.AsSpan(row * 4, 4).ToArray(), box.DenseValues().ToArray());
            row++;
        }
        Assert.AreEqual(13, row);
    }
}
