using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.Stages.DeepPoseConsensus;
using PoseML.Stages.GroupLifters;
using PoseML.Tests.MLNet;
using PoseML.Vision.Images;
using PoseML.Vision.Images.Rendering;
using PoseML.Vision.Stages.HeatmapEstimator;
using PoseML.Vision.Workflows;

namespace PoseML.Vision.Tests.Workflows;

[TestClass]
public sealed class ImageToPose3DTests
{
    /// <summary>3D poses of the loaded (ONNX Runtime) image → 3D model against the fitted one. Keypoints agree to 0.01 px
    /// (<c>HeatmapPipelineTests</c>); the lifter z-scores its input by the 2D spread (≈100 px on the 1000-px cameras), so
    /// 0.01 px is 1e-4 of a unit, and an untrained-scale lifter's gain (output mm per input unit) of a few hundred moves a joint
    /// by a few hundredths of a mm; ONNX vs in-process lifter arithmetic adds ~1e-3 mm. 0.1 mm is allowed.</summary>
    private const float MillimetreTolerance = 0.1f;

    /// <summary>The evaluation's means against the test's own, both summing the same float32 values in double: only the order
    /// of additions and float32 root subtraction differ, far below 1e-3 px over tens of pixels and 1e-2 mm over hundreds of mm.</summary>
    private const double MeanPixelTolerance = 1e-3, MeanMillimetreTolerance = 1e-2;

    [TestMethod]
    public void ImagesTo3DIsOneSavedModelThatReadsEstimatedKeypointsAndSurvivesAFreshProcess()
    {
        var ml = new MLContext(seed: 3);
        var images = ml.Data.LoadRenderedImages(new RenderedImageOptions
        {
            Subjects = ["SynthS1"], Cameras = [0], FramesPerAction = 1, ImageSize = 32, Seed = 1,
        });
        var heatmaps = ml.Transforms.EstimateHeatmaps(new HeatmapEstimatorOptions
        {
            Stacks = 1, Width = 8, Depth = 2, InputSize = 32, Epochs = 1, BatchSize = 8, Seed = 5, Threads = 1,
        }).Fit(images);
        var lifter = ml.Transforms.Martinez(new GroupLifterOptions
        {
            InputColumnName = ImageToPose3D.EstimatedKeypointsColumnName, Width = 128, Epochs = 2, BatchSize = 32,
            ValidationSubjects = 0, Patience = 0, Seed = 7, MaxThreads = 1,
        });
        var model = ImageToPose3D.Fit(ml, heatmaps, lifter, images, images.Schema);

        var scored = model.Transform(images);
        var expected = FreshProcess.Floats(scored, PoseColumns.PredictedPose3D);
        var rows = (int)images.GetRowCount()!;
        Assert.AreEqual(rows * 17 * 3, expected.Length);
        Assert.IsTrue(expected.All(float.IsFinite), "every joint of every image gets a finite 3D estimate");

        // the chain's lifter reads the estimated keypoints, not the view's ground-truth Keypoints2D
        var estimated = FreshProcess.Floats(scored, ImageToPose3D.EstimatedKeypointsColumnName);
        var truth = FreshProcess.Floats(images, PoseColumns.Keypoints2D);
        Assert.IsTrue(estimated.Zip(truth, (a, b) => Math.Abs(a - b)).Max() > 1, "an estimator trained for one epoch does not reproduce the labels");
        var onTruth = FreshProcess.Floats(model.LastTransformer.Transform(ImageToPose3D.ForLifterTraining(ml, images)), PoseColumns.PredictedPose3D);
        Assert.IsTrue(expected.Zip(onTruth, (a, b) => Math.Abs(a - b)).Max() > 1, "3D from estimated 2D differs from 3D lifted from the labels");

        // evaluation: its 2D error and Case 2 MPJPE are the hand-computed means over these rows
        var report = ImagePoseEvaluation.Evaluate(ml, model, images);
        var visibility = FreshProcess.Floats(images, ImageColumns.Visibility);
        var pose3D = FreshProcess.Floats(images, PoseColumns.Pose3D);
        double pixels = 0, millimetres = 0;
        var labelled = 0;
        for (var i = 0; i < visibility.Length; i++)
        {
            if (visibility[i] > 0) { pixels += Math.Sqrt(Math.Pow(estimated[2 * i] - truth[2 * i], 2) + Math.Pow(estimated[2 * i + 1] - truth[2 * i + 1], 2)); labelled++; }
            int r = i / 17, root = r * 17 * 3, j = i * 3; // root-relative (joint 0, the hip) on both sides
            millimetres += Math.Sqrt(Enumerable.Range(0, 3).Sum(k => Math.Pow(expected[j + k] - expected[root + k] - (pose3D[j + k] - pose3D[root + k]), 2)));
        }
        Assert.AreEqual(rows, report.Images);
        Assert.AreEqual(pixels / labelled, report.Head.OverallPixelError, MeanPixelTolerance, "mean 2D pixel error");
        Assert.AreEqual(millimetres / visibility.Length, report.EstimatedTwoD.Mpjpe, MeanMillimetreTolerance, "Case 2 MPJPE");
        Assert.AreNotEqual(report.EstimatedTwoD.Mpjpe, report.TrueTwoD.Mpjpe, "Case 1 lifts the true 2D");

        var dir = Directory.CreateTempSubdirectory("poseml-image3d-").FullName;
        try
        {
            var path = Path.Combine(dir, "image3d.zip");
            ml.Model.Save(model, images.Schema, path);
            var loaded = FreshProcess.Floats(FreshProcess.Transform(ml, path, images, dir), PoseColumns.PredictedPose3D);
            Assert.AreEqual(expected.Length, loaded.Length);
            var worst = expected.Zip(loaded, (a, b) => Math.Abs(a - b)).Max();
            Console.WriteLine($"loaded image → 3D model against fitted: worst {worst} mm over {rows} images");
            Assert.IsTrue(worst <= MillimetreTolerance, $"loaded image → 3D model against fitted: {worst} mm");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void ComposeNamesTheMissingCropColumn()
    {
        var ml = new MLContext(seed: 3);
        var images = ml.Data.LoadRenderedImages(new RenderedImageOptions { Subjects = ["SynthS1"], Cameras = [0], FramesPerAction = 1, ImageSize = 32 });
        var withoutCrop = ml.Transforms.DropColumns(ImageColumns.CropToImage).Fit(images).Transform(images);
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => ImageToPose3D.Compose(ml, ml.Transforms.CopyColumns("Copy", ImageColumns.Image).Fit(images), ml.Transforms.CopyColumns("C2", ImageColumns.Image).Fit(images), withoutCrop.Schema));
        StringAssert.Contains(e.Message, ImageColumns.CropToImage);
    }
}
