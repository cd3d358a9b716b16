using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Cameras;
using PoseML.Data.Formats;
using PoseML.Data.View;
using PoseML.Vision.Images;
using PoseML.Vision.Images.Coco;
using PoseML.Vision.Images.Cropping;
using PoseML.Vision.Images.Files;
using PoseML.Vision.Images.Human36M;
using PoseML.Vision.Images.Mpii;
using SkiaSharp;

namespace PoseML.Vision.Tests.Images;

[TestClass]
public sealed class ImageReaderTests
{
    private static float[] Row(IDataView view, string column, int row)
    {
        var all = view.ReadFloats(column);
        var size = all.Length / (int)view.CountRows();
        return all.AsSpan(row * size, size).ToArray();
    }

    [TestMethod]
    public void Coco_MapsJointsCropsFromBbox_SkipsCrowds()
    {
        var folder = TestImages.NewFolder();
        TestImages.WriteHalves(folder, "a.png", 120, 80);
        // COCO order: Nose LEye REye LEar REar LShoulder RShoulder LElbow RElbow LWrist RWrist LHip RHip LKnee RKnee LAnkle RAnkle.
        // Joint k at (10 + k, 20 + 2k), all labelled except REar (4) and LAnkle (15).
        var kp = string.Join(", ", Enumerable.Range(0, 17).Select(k => k is 4 or 15 ? "0, 0, 0" : $"{10 + k}, {20 + 2 * k}, 2"));
        var json = $$"""
            {"images": [{"id": 5, "file_name": "a.png", "width": 120, "height": 80}],
             "annotations": [
               {"image_id": 5, "category_id": 1, "iscrowd": 1, "keypoints": [{{kp}}], "bbox": [0, 0, 1, 1]},
               {"image_id": 5, "category_id": 1, "iscrowd": 0, "keypoints": [{{kp}}], "bbox": [20.5, 10, 40, 60]}]}
            """;
        var annotations = Path.Combine(folder, "person_keypoints_test.json");
        File.WriteAllText(annotations, json);
        var view = new MLContext().Data.LoadCocoKeypointImages(annotations, folder, 32);
        Assert.AreEqual(1L, view.CountRows());
        var xy = Row(view, ImageColumns.Keypoints2D, 0);
        var vis = Row(view, ImageColumns.Visibility, 0);
        // H36M RHip (1) = COCO RHip (12) = (22, 44); Hip (0) = mean of COCO hips 11, 12 = (21.5, 43).
        Assert.AreEqual((22f, 44f), (xy[2], xy[3]));
        Assert.AreEqual((21.5f, 43f), (xy[0], xy[1]));
        // H36M LFoot (6) = COCO LAnkle, unlabelled; Head (10) uses REar, unlabelled: NaN, visibility 0.
        Assert.IsTrue(float.IsNaN(xy[12]) && float.IsNaN(xy[20]));
        Assert.AreEqual(0f, vis[6]);
        Assert.AreEqual(0f, vis[10]);
        Assert.AreEqual(15, vis.Count(v => v == 1));
        // Crop from bbox [20.5, 10, 40, 60]: centre (40.5 − 0.5, 40 − 0.5) = (40, 39.5), side 60·1.25 = 75, scale 75/32.
        var crop = CropToImage.From(Row(view, ImageColumns.CropToImage, 0));
        Assert.AreEqual(75f / 32, crop.ScaleX, 1e-6f);
        Assert.AreEqual(40f, crop.ToImageX(15.5f), 1e-4f);
        Assert.AreEqual(39.5f, crop.ToImageY(15.5f), 1e-4f);
        Assert.AreEqual("a.png", view.ReadTexts(ImageColumns.Action)[0]);
        Assert.AreEqual(5, view.ReadInts(ImageColumns.Frame)[0]);
        Assert.IsTrue(view.ReadFloats(ImageColumns.Pose3D).All(float.IsNaN));
        // The crop centre (40, 39.5) is in the red half (x < 60) of the image.
        var image = Row(view, ImageColumns.Image, 0);
        Assert.AreEqual(1f, image[16 * 32 + 16], 1e-6f);
        Assert.AreEqual(0f, image[2 * 32 * 32 + 16 * 32 + 16], 1e-6f);
    }

    [TestMethod]
    public void Coco_BadBbox_NamesTheField()
    {
        var folder = TestImages.NewFolder();
        var kp = string.Join(", ", Enumerable.Repeat("1, 1, 2", 17));
        var path = Path.Combine(folder, "bad.json");
        File.WriteAllText(path, $$"""{"images": [], "annotations": [{"image_id": 1, "category_id": 1, "keypoints": [{{kp}}], "bbox": [1, 2, 3]}]}""");
        var e = Assert.ThrowsExactly<DataFormatException>(() => CocoImages.Load(path, folder, 32));
        StringAssert.Contains(e.Message, "annotations[0].bbox");
    }

    [TestMethod]
    public void Mpii_ConvertsToZeroBasedAndTheToolkitCrop()
    {
        var folder = TestImages.NewFolder();
        TestImages.WriteHalves(folder, "015601864.jpg", 300, 200, SKEncodedImageFormat.Jpeg);
        // MPII order: RAnkle RKnee RHip LHip LKnee LAnkle Pelvis Thorax UpperNeck HeadTop RWrist RElbow RShoulder LShoulder LElbow LWrist.
        var joints = string.Join(", ", Enumerable.Range(0, 16).Select(k => $"[{101 + k}, {51 + 3 * k}]"));
        var vis = string.Join(", ", Enumerable.Range(0, 16).Select(k => k == 10 ? 0 : 1));
        var path = Path.Combine(folder, "mpii_val.json");
        File.WriteAllText(path, $$"""[{"image": "015601864.jpg", "center": [151, 81], "scale": 0.4, "joints": [{{joints}}], "joints_vis": [{{vis}}]}]""");
        var view = new MLContext().Data.LoadMpiiImages(path, folder, 50);
        var xy = Row(view, ImageColumns.Keypoints2D, 0);
        var v = Row(view, ImageColumns.Visibility, 0);
        // H36M Hip = MPII Pelvis (6): (107, 69) − 1 = (106, 68); Head = HeadTop (9): (110, 78) − 1.
        Assert.AreEqual((106f, 68f), (xy[0], xy[1]));
        Assert.AreEqual((109f, 77f), (xy[20], xy[21]));
        // Spine = ½ Pelvis + ½ Thorax (7): ((106 + 107) / 2, (68 + 71) / 2).
        Assert.AreEqual((106.5f, 69.5f), (xy[14], xy[15]));
        // RWrist (H36M 16) = MPII RWrist (10), not visible.
        Assert.AreEqual(0f, v[16]);
        Assert.IsTrue(float.IsNaN(xy[32]));
        // Crop: centre (150, 80 + 15·0.4 = 86), side 1.25·200·0.4 = 100 → scale 2; crop centre 24.5 ↦ (150, 86).
        var crop = CropToImage.From(Row(view, ImageColumns.CropToImage, 0));
        Assert.AreEqual(2f, crop.ScaleX, 1e-6f);
        Assert.AreEqual(150f, crop.ToImageX(24.5f), 1e-4f);
        Assert.AreEqual(86f, crop.ToImageY(24.5f), 1e-4f);
    }

    [TestMethod]
    public void Mpii_MalformedEntries_NameTheField()
    {
        var folder = TestImages.NewFolder();
        var path = Path.Combine(folder, "m.json");
        File.WriteAllText(path, """[{"image": "x.jpg", "center": [1, 2], "scale": 1, "joints": [[1, 2]], "joints_vis": [1]}]""");
        StringAssert.Contains(Assert.ThrowsExactly<DataFormatException>(() => MpiiImages.Load(path, folder, 32)).Message, "[0].joints");
        File.WriteAllText(path, """{"not": "an array"}""");
        StringAssert.Contains(Assert.ThrowsExactly<DataFormatException>(() => MpiiImages.Load(path, folder, 32)).Message, "expected an array");
    }

    [TestMethod]
    public void ImageFiles_LetterboxEveryImage_AndNameTheCorruptOne()
    {
        var folder = TestImages.NewFolder();
        TestImages.WriteHalves(folder, "b.png", 40, 20);
        TestImages.WriteHalves(folder, "a.jpg", 10, 30, SKEncodedImageFormat.Jpeg);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not an image");
        var view = new MLContext().Data.LoadImageFiles(folder, 20);
        CollectionAssert.AreEqual(new[] { "a.jpg", "b.png" }, view.ReadTexts(ImageColumns.Action));
        Assert.AreEqual(CropToImage.Letterbox(10, 30, 20), CropToImage.From(Row(view, ImageColumns.CropToImage, 0)));
        Assert.AreEqual(new CropToImage(2, 2, 0, -10), CropToImage.From(Row(view, ImageColumns.CropToImage, 1)));
        Assert.IsTrue(view.ReadFloats(ImageColumns.Keypoints2D).All(float.IsNaN));
        Assert.IsTrue(view.ReadFloats(ImageColumns.Visibility).All(v => v == 0));
        // b.png letterboxed into 20×20 at scale 2: rows 0–4 black, row 10 column 2 red, column 17 blue.
        var b = Row(view, ImageColumns.Image, 1);
        Assert.AreEqual(0f, b[2 * 20 + 10] + b[400 + 2 * 20 + 10] + b[800 + 2 * 20 + 10], 1e-6f);
        Assert.AreEqual(1f, b[10 * 20 + 2], 1e-6f);
        Assert.AreEqual(1f, b[800 + 10 * 20 + 17], 1e-6f);

        File.WriteAllBytes(Path.Combine(folder, "c.png"), TestImages.PngHeaderOnly(100000, 100000));
        var bad = ImageFiles.Load(folder, 20);
        var e = Assert.ThrowsExactly<DataFormatException>(() => bad.ReadFloats(ImageColumns.Image));
        StringAssert.Contains(e.Message, "c.png");
        Assert.ThrowsExactly<InvalidOptionException>(() => ImageFiles.Load(Path.Combine(folder, "missing"), 20));
    }

    [TestMethod]
    public void Human36M_FramesInTheLayout_LabelledByVideoPose3DFiles()
    {
        var npz = Path.Combine(RepoRoot(), "tests", "PoseML.Tests", "Fixtures", "npz");
        var root = TestImages.NewFolder();
        // data_2d_small.npz: S1 "Walking", 2 frames per camera, value(frame f, camera c)[i] = 34 f + i + 1000 c.
        // Only frame 1 of camera 0 is extracted.
        var dir = Path.Combine(root, "S1", "Images", "Walking.54138969");
        Directory.CreateDirectory(dir);
        TestImages.WriteHalves(dir, "frame_000002.jpg", 80, 80, SKEncodedImageFormat.Jpeg);
        var view = new MLContext().Data.LoadHuman36MImages(root, Path.Combine(npz, "data_2d_small.npz"), Path.Combine(npz, "data_3d_small.npz"), size: 16);
        Assert.AreEqual(1L, view.CountRows());
        Assert.AreEqual(1, view.ReadInts(ImageColumns.Frame)[0]);
        Assert.AreEqual(0, view.ReadInts(ImageColumns.Camera)[0]);
        CollectionAssert.AreEqual(Enumerable.Range(34, 34).Select(i => (float)i).ToArray(), Row(view, ImageColumns.Keypoints2D, 0));
        // Pose3D: the 3D file's frame 1 of S1 Walking in camera 0's frame.
        var world = VideoPose3D.ReadPositions3D(Path.Combine(npz, "data_3d_small.npz")).Cache();
        var frame1 = world.ReadFloats(PoseColumns.Pose3D).AsSpan(51, 51);
        var expected = new float[51];
        H36MCameras.Extrinsics("S1", 0).WorldToCamera(frame1, expected);
        CollectionAssert.AreEqual(expected, Row(view, ImageColumns.Pose3D, 0));
        Assert.AreEqual(48, view.ReadFloats(ImageColumns.Image).Length / 16); // 3·16·16 decoded
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PoseML.sln"))) return dir.FullName;
        throw new InvalidOperationException("no PoseML.sln above the test binaries");
    }
}
