using System.CommandLine;
using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.Vision.Workflows;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml compose-image3d</c>: joins a heatmap model (<c>poseml train-heatmaps</c>) and a 2D→3D model
/// (<c>poseml train</c>) into one image → 3D model (<see cref="ImageToPose3D.Compose"/>).</summary>
internal static class ComposeImage3DCommand
{
    internal static Command Create()
    {
        var heatmaps = new Option<string>("--heatmaps") { Description = "Heatmap model zip from 'poseml train-heatmaps'", Required = true };
        var lifter = new Option<string>("--lifter") { Description = "2D→3D model zip from 'poseml train' (trained on ground-truth 2D)", Required = true };
        var output = new Option<string>("--out") { Description = "Image → 3D model zip to write (atomically); apply it with 'poseml predict --images'", Required = true };
        var column = new Option<string>("--keypoints-column")
        {
            Description = "Column the lifter reads, which the estimated keypoints are written to ('poseml train' lifters read Keypoints2D)",
            DefaultValueFactory = _ => PoseColumns.Keypoints2D,
        };
        var confidence = new Option<string>("--confidence-column")
        {
            Description = "Column the keypoints' heatmap confidences are written to (the consensus of a 'poseml train' model weighs joints by Confidence)",
            DefaultValueFactory = _ => PoseColumns.Confidence,
        };
        var beta = new Option<float>("--beta") { Description = "Inverse temperature of the softmax soft-argmax (large: close to the peak)", DefaultValueFactory = _ => ImageToPose3D.DefaultBeta };
        var command = new Command("compose-image3d",
            "Join a heatmap model and a 2D→3D model into one image → 3D model: images → heatmaps → soft-argmax keypoints in image pixels "
            + "(through each row's CropToImage) → lifters → consensus (Deep Pose Consensus Networks' Case 2)")
        { heatmaps, lifter, output, column, confidence, beta };
        command.SetAction(parse =>
        {
            var outPath = parse.GetValue(output)!;
            AtomicFile.EnsureWritable(outPath);
            var ml = new MLContext(0);
            var hg = ModelFiles.Load(ml, parse.GetValue(heatmaps)!, out var imageSchema);
            var lift = ModelFiles.Load(ml, parse.GetValue(lifter)!, out _);
            var model = ImageToPose3D.Compose(ml, hg, lift, imageSchema, parse.GetValue(column)!, parse.GetValue(confidence)!, parse.GetValue(beta));
            ModelFiles.Save(ml, model, imageSchema, outPath);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {outPath} ({ImageToPose3D.ImageSize(imageSchema)}×{ImageToPose3D.ImageSize(imageSchema)} images → 3D poses)");
            return 0;
        });
        return command;
    }
}
