using System.CommandLine;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Cameras;
using PoseML.Data.Formats;
using PoseML.Data.Synthetic;
using PoseML.Data.View;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml data synth</c>: generates the synthetic motion dataset as pose tables.</summary>
internal static class SynthCommand
{
    internal static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Output folder (created if needed)", Required = true };
        var subjects = new Option<int>("--subjects") { Description = "Number of subjects SynthS1..SynthSN", DefaultValueFactory = _ => 6 };
        var frames = new Option<int>("--frames") { Description = "Frames per take", DefaultValueFactory = _ => 500 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same files", DefaultValueFactory = _ => 0 };
        var fps = new Option<double>("--fps") { Description = "Frame rate (50 as Human3.6M, or 30)", DefaultValueFactory = _ => 50 };
        var takes = new Option<int>("--takes") { Description = "Takes per subject and action", DefaultValueFactory = _ => 1 };
        var command = new Command("synth",
            "Generate synthetic motion (subjects with distinct bodies, " + Enum.GetValues<SyntheticAction>().Length +
            " actions) filmed by Human3.6M's four cameras (S1 placement). Writes into --out: world.csv (world frame: " +
            "Z up, mm, floor at Z=0, camera empty), and per camera c = 0..3 poses3d_cam{c}.csv (camera frame, mm: " +
            "x right, y down, z forward) and keypoints2d_cam{c}.csv (pixels with Human3.6M lens distortion, confidence 1). " +
            "All are pose-table CSVs (subject,action,camera,frame,<Joint>_x,_y,_z or _u,_v,_c) on the Human3.6M-17 skeleton.")
        {
            output, subjects, frames, seed, fps, takes,
        };
        command.SetAction(parse =>
        {
            var console = parse.InvocationConfiguration.Output;
            var dir = parse.GetValue(output)!;
            AtomicFile.EnsureWritableDirectory(dir);
            var token = CliCancellation.Token;
            var data = SyntheticMotion.Generate(new SyntheticMotionOptions
            {
                Subjects = parse.GetValue(subjects),
                FramesPerTake = parse.GetValue(frames),
                Seed = parse.GetValue(seed),
                FramesPerSecond = parse.GetValue(fps),
                TakesPerAction = parse.GetValue(takes),
            });
            var skeleton = Skeletons.Human36M17;
            var world = Path.Combine(dir, "world.csv");
            PoseCsv.Write(data.World, world, skeleton, PoseColumns.Pose3D, cancellationToken: token);
            console.WriteLine($"{world}: {data.World.Rows} frames, {data.Bodies.Count} subjects, {data.Takes.Count} takes");
            foreach (var file in CameraTables.Write(data.World.WithCancellation(token), data.Rig, dir, skeleton, new CameraProjectionOptions { Model = data.Options.Projection }))
                console.WriteLine(file);
            return 0;
        });
        return command;
    }
}
