using System.CommandLine;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Cameras;
using PoseML.Data.Formats;
using PoseML.Data.View;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml data project</c>: films world-frame poses with a camera rig.</summary>
internal static class ProjectCommand
{
    internal static Command Create()
    {
        var input = new Option<string>("--in") { Description = "World-frame 3D pose table (mm), e.g. datasets/cmu/poses/01_01.csv", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder (created if needed)", Required = true };
        var cameras = new Option<string>("--cameras") { Description = "Camera rig: h36m (Human3.6M, S1 placement) or h36m-<subject> (S1, S5, S6, S7, S8, S9, S11)", DefaultValueFactory = _ => "h36m" };
        var up = new Option<string>("--up") { Description = "Up axis of the input: y (CMU, BVH) or z (Human3.6M)", DefaultValueFactory = _ => "y" };
        var keepPosition = new Option<bool>("--keep-position") { Description = "Do not centre each sequence in the capture volume (input already in the rig's world frame)" };
        var command = new Command("project",
            "Place world-frame poses in front of a camera rig and write what each camera sees. Placement: the up axis " +
            "becomes the rig's Z (y-up input: (x, y, z) -> (x, -z, y)); each sequence (subject, action) is shifted " +
            "horizontally so the middle of its Hip path (bounding box) is the centre of the capture volume; heights and per-frame motion " +
            "are kept. Writes per camera c: poses3d_cam{c}.csv (camera frame, mm) and keypoints2d_cam{c}.csv (pixels, " +
            "Human3.6M lens distortion, confidence 0 for joints behind the camera).")
        {
            input, output, cameras, up, keepPosition,
        };
        command.SetAction(parse =>
        {
            var console = parse.InvocationConfiguration.Output;
            AtomicFile.EnsureWritableDirectory(parse.GetValue(output)!);
            var token = CliCancellation.Token;
            var path = parse.GetValue(input)!;
            var rig = ParseRig(parse.GetValue(cameras)!);
            var upAxis = parse.GetValue(up)!.Trim().ToLowerInvariant() switch
            {
                "y" => UpAxis.Y,
                "z" => UpAxis.Z,
                var other => throw new InvalidOptionException("--up", $"expected y or z, got '{other}'"),
            };
            var table = PoseCsv.Read(path);
            if (table.Layout.Dimensions != 3)
                throw new DataFormatException(path, "expected a 3D pose table (<Joint>_x,_y,_z columns), found 2D keypoints");
            var world = table.WithCancellation(token).Cache().PlaceInRig(rig, new WorldPlacementOptions { SourceUp = upAxis, CenterSequences = !parse.GetValue(keepPosition) }).Cache();
            console.WriteLine($"{path}: {world.Rows} frames placed in rig {rig}");
            foreach (var file in CameraTables.Write(world.WithCancellation(token), rig, parse.GetValue(output)!, table.Layout.Skeleton))
                console.WriteLine(file);
            return 0;
        });
        return command;
    }

    private static CameraRig ParseRig(string name)
    {
        var n = name.Trim();
        if (n.Equals("h36m", StringComparison.OrdinalIgnoreCase)) return H36MCameras.Rig();
        if (n.StartsWith("h36m-", StringComparison.OrdinalIgnoreCase))
        {
            var subject = n[5..].ToUpperInvariant();
            if (H36MCameras.Subjects.Contains(subject)) return H36MCameras.Rig(subject);
        }
        throw new InvalidOptionException("--cameras", $"unknown rig '{name}'; expected h36m or h36m-<subject> with subject one of {string.Join(", ", H36MCameras.Subjects)}");
    }
}
