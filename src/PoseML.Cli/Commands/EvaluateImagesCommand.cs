using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.MLNet;
using PoseML.Vision.Workflows;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml evaluate-images</c>: scores an image → 3D model on labelled images (<see cref="ImagePoseEvaluation"/>)
/// and prints Markdown tables: 2D pixel error and PCK (head and torso) per joint, 3D MPJPE / PA-MPJPE from estimated 2D
/// (Case 2) and from the true 2D (Case 1).</summary>
internal static class EvaluateImagesCommand
{
    internal static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Image → 3D model zip ('poseml compose-image3d')", Required = true };
        var data = new Option<string>("--data") { Description = "Labelled images: " + HeatmapDataSources.Help, Required = true };
        var subjects = new Option<string[]>("--subjects") { Description = "Subjects to evaluate (rendered: e.g. SynthS5 SynthS6, held out from training)", AllowMultipleArgumentsPerToken = true };
        var stride = new Option<int>("--stride") { Description = "Keep every n-th frame", DefaultValueFactory = _ => 10 };
        var framesPerAction = new Option<int>("--frames-per-action") { Description = "At most N kept frames per subject, action and camera (rendered; 0 keeps all)", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the rendered appearance", DefaultValueFactory = _ => 0 };
        var fraction = new Option<double>("--fraction") { Description = "PCK threshold as a fraction of head / torso size", DefaultValueFactory = _ => 0.5 };
        var command = new Command("evaluate-images",
            "Evaluate an image → 3D model on labelled images: 2D pixel error, PCKh and PCK at torso size per joint; 3D MPJPE / PA-MPJPE "
            + "from the estimated 2D (Case 2) and from the true 2D by the same lifters (Case 1)")
        { model, data, subjects, stride, framesPerAction, seed, fraction };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var ml = new MLContext(0);
            ml.SetPoseCancellation(CliCancellation.Token);
            var loaded = ModelFiles.Load(ml, parse.GetValue(model)!, out var inputSchema);
            var request = new HeatmapDataSources.Request(ImageToPose3D.ImageSize(inputSchema), parse.GetValue(seed), parse.GetValue(stride),
                parse.GetValue(subjects) ?? [], parse.GetValue(framesPerAction));
            var images = HeatmapDataSources.Load(ml, "--data", parse.GetValue(data)!, request);
            var f = parse.GetValue(fraction);
            if (!(f > 0 && f <= 1)) throw new InvalidOptionException("--fraction", $"must be in (0, 1], got {f}");
            var clock = Stopwatch.StartNew();
            var report = ImagePoseEvaluation.Evaluate(ml, loaded, images, fraction: f);
            Write(writer, report, clock.Elapsed.TotalSeconds);
            return 0;
        });
        return command;
    }

    private static void Write(TextWriter w, ImagePoseReport r, double seconds)
    {
        var c = CultureInfo.InvariantCulture;
        var pct = r.Fraction.ToString("0.##", c);
        w.WriteLine(string.Create(c, $"{r.Images} images evaluated in {seconds:0.0} s"));
        w.WriteLine();
        w.WriteLine($"| 2D | pixel error (px) | PCKh@{pct} | PCK@{pct} torso |");
        w.WriteLine("|---|---:|---:|---:|");
        w.WriteLine(string.Create(c, $"| all joints | {r.Head.OverallPixelError:0.0} | {100 * r.Head.OverallPck:0.0} % | {100 * r.Torso.OverallPck:0.0} % |"));
        var names = r.Head.Pck.Length == Skeletons.Human36M17.JointCount ? Skeletons.Human36M17.JointNames : [.. Enumerable.Range(0, r.Head.Pck.Length).Select(j => $"joint{j}")];
        for (var j = 0; j < r.Head.Pck.Length; j++)
            w.WriteLine(string.Create(c, $"| {names[j]} | {r.Head.MeanPixelError[j]:0.0} | {100 * r.Head.Pck[j]:0.0} % | {100 * r.Torso.Pck[j]:0.0} % |"));
        w.WriteLine();
        w.WriteLine("| 3D | MPJPE (mm) | PA-MPJPE (mm) | joints left out (no estimate) |");
        w.WriteLine("|---|---:|---:|---:|");
        w.WriteLine(string.Create(c, $"| Case 2: estimated 2D | {r.EstimatedTwoD.Mpjpe:0.0} | {r.EstimatedTwoD.PaMpjpe:0.0} | {r.EstimatedTwoD.MissingJoints} |"));
        w.WriteLine(string.Create(c, $"| Case 1: true 2D | {r.TrueTwoD.Mpjpe:0.0} | {r.TrueTwoD.PaMpjpe:0.0} | {r.TrueTwoD.MissingJoints} |"));
    }
}
