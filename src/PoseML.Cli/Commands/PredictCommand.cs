using IDataView = Microsoft.ML.IDataView;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PoseML.Cli.Progress;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.View;
using Microsoft.ML;
using PoseML.MLNet;
using PoseML.Pipeline;
using PoseML.Vision.Workflows;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml predict</c>: applies a saved 2D→3D model (e.g. from <c>poseml train</c>) to a 2D
/// keypoint table (<c>mlContext.Model.Load</c>, then <c>Transform</c>) and writes the predicted 3D poses (camera frame, root-relative, mm) as a pose-table CSV.</summary>
internal static class PredictCommand
{
    internal static Command Create()
    {
        var modelPath = new Option<string>("--model") { Description = "ML.NET model zip written by 'poseml train' (models of PoseML's former own format are refused: retrain them)", Required = true };
        var input = new Option<string?>("--in") { Description = "2D keypoint pose-table CSV (…_u,…_v[,…_c] columns, pixels), for a 2D→3D model" };
        var images = new Option<string?>("--images") { Description = "Images, for an image → 3D model ('poseml compose-image3d'): " + ImageInputs.Help };
        var output = new Option<string>("--out") { Description = "3D pose-table CSV to write (root-relative mm; joints no group places are empty cells)", Required = true };
        var command = new Command("predict", "Lift 2D keypoints (--in) to 3D poses with a saved 2D→3D model, or estimate 3D poses from images (--images) with an image → 3D model")
        {
            modelPath, input, images, output,
        };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var outPath = parse.GetValue(output)!;
            AtomicFile.EnsureWritable(outPath);
            var ml = new MLContext(0);
            ml.SetPoseCancellation(CliCancellation.Token);
            var token = CliCancellation.Token;
            var (inPath, imagePath) = (parse.GetValue(input), parse.GetValue(images));
            if ((inPath is null) == (imagePath is null)) throw new InvalidOptionException("--in", "give exactly one of --in (2D keypoints) and --images");
            var model = ModelFiles.Load(ml, parse.GetValue(modelPath)!, out var inputSchema);
            IDataView rows;
            string source;
            if (imagePath is not null)
            {
                if (inputSchema.GetColumnOrNull(PoseColumns.Image) is null)
                    throw new DataFormatException(parse.GetValue(modelPath)!, "reads no Image column: it is a 2D→3D model; give its 2D keypoints with --in, or compose an image → 3D model with 'poseml compose-image3d'");
                rows = ImageInputs.Load(ml, "--images", imagePath, new HeatmapDataSources.Request(ImageToPose3D.ImageSize(inputSchema), 0, 10));
                source = imagePath;
            }
            else
            {
                var keypoints = PoseCsv.Read(inPath!);
                if (keypoints.Layout.Dimensions != 2)
                    throw new DataFormatException(keypoints.Path, "expected a 2D keypoint table (…_u,…_v columns), found a 3D one");
                rows = keypoints;
                source = keypoints.Path;
            }
            var clock = Stopwatch.StartNew();
            var scored = model.Transform(rows.WithCancellation(token));
            var type = scored.Columns().Require(PoseColumns.PredictedPose3D, DataKind.Float32, 2).Type;
            var joints = type.Shape[0];
            var skeleton = joints == Skeletons.Human36M17.JointCount ? Skeletons.Human36M17
                : new Skeleton($"joints{joints}", Enumerable.Range(0, joints).Select(i => $"J{i}"), Enumerable.Repeat(-1, joints), [], []);
            var counted = new PredictionAudit(scored, joints, parse.GetValue(modelPath)!, source);
            PoseCsv.Write(counted, outPath, skeleton, PoseColumns.PredictedPose3D, cancellationToken: token);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {counted.Rows} poses to {outPath} in {clock.Elapsed.TotalSeconds:0.00} s ({counted.MissingJoints} missing joints)"));
            if (counted.MissingJoints > 0 || counted.NonFiniteJoints > 0)
                parse.InvocationConfiguration.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"poseml: warning: {counted.MissingJoints + counted.NonFiniteJoints} joint(s) in {counted.FramesWithGaps} of {counted.Rows} frames have no 3D estimate ({counted.MissingJoints} placed by no joint group, {counted.NonFiniteJoints} not finite); they are empty cells in {outPath}"));
            return 0;
        });
        return command;
    }
}
