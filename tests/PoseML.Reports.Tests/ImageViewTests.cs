using System.Text.Json;
using PoseML.Data;
using PoseML.Reports.ImageViews;

namespace PoseML.Reports.Tests;

[TestClass]
public sealed class ImageViewTests
{
    private static readonly Skeleton Skeleton = Skeletons.Human36M17;

    /// <summary>A 4×4 image whose red channel is the column / 3, green the row / 3 and blue 1 at pixel (row 1, column 2) only.</summary>
    private static float[] Image()
    {
        var image = new float[3 * 16];
        for (var r = 0; r < 4; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                image[r * 4 + c] = c / 3f;
                image[16 + r * 4 + c] = r / 3f;
            }
        }
        image[32 + 1 * 4 + 2] = 1f;
        return image;
    }

    /// <summary>A scatter trace's mode (null for other traces).</summary>
    private static string? Mode(JsonElement trace) => trace.TryGetProperty("mode", out var mode) ? mode.GetString() : null;

    private static JsonElement Traces(Charts.PlotlyFigure figure) => JsonDocument.Parse(figure.ToJson()).RootElement.GetProperty("data");

    [TestMethod]
    public void ImagePixelsBecomeRowMajorRgbBytes()
    {
        var keypoints = new float[Skeleton.JointCount * 2];
        var data = Traces(ImageView.Keypoints(Image(), keypoints, Skeleton));
        var image = data[0];
        Assert.AreEqual("image", image.GetProperty("type").GetString());
        var z = image.GetProperty("z");
        Assert.AreEqual(4, z.GetArrayLength(), "rows");
        Assert.AreEqual(4, z[0].GetArrayLength(), "columns");
        // Row 1, column 2: red 2/3 → 170, green 1/3 → 85, blue 255.
        CollectionAssert.AreEqual(new[] { 170, 85, 255 }, z[1][2].EnumerateArray().Select(v => v.GetInt32()).ToArray());
        // Row 3, column 0: red 0, green 255, blue 0.
        CollectionAssert.AreEqual(new[] { 0, 255, 0 }, z[3][0].EnumerateArray().Select(v => v.GetInt32()).ToArray());
    }

    [TestMethod]
    public void KeypointsAndBonesAreDrawnAtTheirPixelCoordinates()
    {
        // Joint j at (j, 2j) for the prediction, (j + 0.5, 2j) for the truth.
        var predicted = new float[Skeleton.JointCount * 2];
        var truth = new float[Skeleton.JointCount * 2];
        for (var j = 0; j < Skeleton.JointCount; j++)
        {
            predicted[j * 2] = j; predicted[j * 2 + 1] = 2 * j;
            truth[j * 2] = j + 0.5f; truth[j * 2 + 1] = 2 * j;
        }
        var figure = ImageView.Keypoints(Image(), predicted, Skeleton, truth, "t");
        var data = Traces(figure);
        // image + per skeleton: 3 sides of bones (centre, left, right) + 1 joint trace
        Assert.AreEqual(1 + 2 * 4, data.GetArrayLength());
        Assert.AreEqual(1 + 2 * 4, figure.TraceCount);

        var joints = data.EnumerateArray().Where(t => Mode(t) == "markers").ToArray();
        Assert.AreEqual(2, joints.Length);
        var truthJoints = joints.Single(t => t.GetProperty("name").GetString() == "ground truth");
        var predictedJoints = joints.Single(t => t.GetProperty("name").GetString() == "prediction");
        Assert.AreEqual(16.5, truthJoints.GetProperty("x")[16].GetDouble(), 1e-9);
        Assert.AreEqual(16.0, predictedJoints.GetProperty("x")[16].GetDouble(), 1e-9);
        Assert.AreEqual(32.0, predictedJoints.GetProperty("y")[16].GetDouble(), 1e-9);
        // Hover text: the joint's name and its distance to the truth, 0.5 px.
        StringAssert.Contains(predictedJoints.GetProperty("text")[3].GetString(), ": 0.5 px");

        // Every bone of the prediction drawn once, parent then child then a gap: the right hip (joint 1, parent 0) from (0, 0) to (1, 2).
        var bones = data.EnumerateArray().Where(t => Mode(t) == "lines" && t.GetProperty("name").GetString() == "prediction").ToArray();
        Assert.AreEqual(3 * Skeleton.Bones.Count(), bones.Sum(t => t.GetProperty("x").GetArrayLength()));
        var found = false;
        foreach (var trace in bones)
        {
            var x = trace.GetProperty("x");
            var y = trace.GetProperty("y");
            for (var i = 0; i + 2 < x.GetArrayLength(); i += 3)
            {
                Assert.AreEqual(JsonValueKind.Null, x[i + 2].ValueKind, "a gap after each bone");
                if (x[i].GetDouble() == 0 && y[i].GetDouble() == 0 && x[i + 1].GetDouble() == 1 && y[i + 1].GetDouble() == 2) found = true;
            }
        }
        Assert.IsTrue(found, "the bone from joint 0 (0, 0) to joint 1 (1, 2)");

        // Axes span the pixel edges, y pointing down.
        var layout = JsonDocument.Parse(figure.ToJson()).RootElement.GetProperty("layout");
        CollectionAssert.AreEqual(new[] { -0.5, 3.5 }, layout.GetProperty("xaxis").GetProperty("range").EnumerateArray().Select(v => v.GetDouble()).ToArray());
        CollectionAssert.AreEqual(new[] { 3.5, -0.5 }, layout.GetProperty("yaxis").GetProperty("range").EnumerateArray().Select(v => v.GetDouble()).ToArray());
    }

    [TestMethod]
    public void MissingJointsLeaveGaps()
    {
        var predicted = new float[Skeleton.JointCount * 2];
        predicted[5 * 2] = float.NaN;
        var data = Traces(ImageView.Keypoints(Image(), predicted, Skeleton, style: SkeletonViews.SkeletonStyle.Prediction with { Name = "label" }));
        var joints = data.EnumerateArray().Single(t => Mode(t) == "markers");
        Assert.AreEqual(JsonValueKind.Null, joints.GetProperty("x")[5].ValueKind);
        Assert.AreEqual("label", joints.GetProperty("name").GetString());
    }

    [TestMethod]
    public void HeatmapPixelsAreCentredOnTheImagePixelsTheyCover()
    {
        // Two joints' 2×2 maps over a 4×4 image: each heatmap pixel covers 2×2 image pixels; heatmap pixel 0 covers
        // image pixels 0 and 1, centre 0.5; pixel 1 covers 2 and 3, centre 2.5.
        float[] maps = [0.1f, 0.2f, 0.3f, 0.4f, /* joint 1 */ 0.9f, 0.0f, 0.0f, 0.05f];
        var max = Traces(ImageView.Heatmaps(Image(), maps, joints: 2));
        Assert.AreEqual(2, max.GetArrayLength());
        var heatmap = max[1];
        Assert.AreEqual("heatmap", heatmap.GetProperty("type").GetString());
        Assert.AreEqual(0.5, heatmap.GetProperty("x0").GetDouble(), 1e-12);
        Assert.AreEqual(2.0, heatmap.GetProperty("dx").GetDouble(), 1e-12);
        Assert.AreEqual(0.5, heatmap.GetProperty("y0").GetDouble(), 1e-12);
        Assert.AreEqual(2.0, heatmap.GetProperty("dy").GetDouble(), 1e-12);
        // Max over joints, row-major: [[0.9, 0.2], [0.3, 0.4]].
        var z = heatmap.GetProperty("z");
        double[][] expected = [[0.9, 0.2], [0.3, 0.4]];
        for (var r = 0; r < 2; r++)
            for (var c = 0; c < 2; c++)
                Assert.AreEqual(expected[r][c], z[r][c].GetDouble(), 1e-6);

        // One joint's map, with keypoints on top.
        var one = Traces(ImageView.Heatmaps(Image(), maps, joints: 2, joint: 0, skeleton: null));
        Assert.AreEqual(0.4, one[1].GetProperty("z")[1][1].GetDouble(), 1e-6);
        Assert.AreEqual(0.1, one[1].GetProperty("z")[0][0].GetDouble(), 1e-6);
    }

    [TestMethod]
    public void HeatmapsWithKeypointsAddTheSkeleton()
    {
        var maps = new float[Skeleton.JointCount * 4];
        var keypoints = new float[Skeleton.JointCount * 2];
        var data = Traces(ImageView.Heatmaps(Image(), maps, Skeleton.JointCount, skeleton: Skeleton, keypoints: keypoints));
        Assert.AreEqual(2 + 4, data.GetArrayLength());
    }

    [TestMethod]
    public void CropPixelsInvertTheCropToImageMapping()
    {
        // ScaleX 2, ScaleY 3, offsets (10, 20): crop pixel (1, 1) → original (1.5·2 − 0.5 + 10, 1.5·3 − 0.5 + 20) = (12.5, 24);
        // the crop's corner (−0.5, −0.5) → (0·2 − 0.5 + 10, 0·3 − 0.5 + 20) = (9.5, 19.5).
        float[] crop = [2, 3, 10, 20];
        var back = ImageView.ToCropPixels([12.5f, 24f, 9.5f, 19.5f], crop);
        CollectionAssert.AreEqual(new[] { 1f, 1f, -0.5f, -0.5f }, back);
    }

    [TestMethod]
    public void BadShapesGiveClearErrors()
    {
        var keypoints = new float[Skeleton.JointCount * 2];
        var e = Assert.ThrowsExactly<ArgumentException>(() => ImageView.Keypoints(new float[10], keypoints, Skeleton));
        StringAssert.Contains(e.Message, "float[3,S,S]");
        Assert.ThrowsExactly<ArgumentException>(() => ImageView.Keypoints(Image(), new float[5], Skeleton));
        Assert.ThrowsExactly<ArgumentException>(() => ImageView.Heatmaps(Image(), new float[7], joints: 2));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ImageView.Heatmaps(Image(), new float[8], joints: 2, joint: 2));
        Assert.ThrowsExactly<ArgumentException>(() => ImageView.ToCropPixels(keypoints, new float[3]));
    }
}
