using IDataView = Microsoft.ML.IDataView;
using System.CommandLine;
using System.Globalization;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Cameras;
using PoseML.Data.Formats;
using PoseML.Data.Mocap.Cmu;
using PoseML.Data.View;

// Namespace PoseML.Cli.Commands (not …Commands.Data) so that 'Data' keeps meaning PoseML.Data here.
namespace PoseML.Cli.Commands;

/// <summary><c>poseml data convert --from SOURCE --in PATH --out FILE.csv</c>: converts a recording
/// to a pose-table CSV, written atomically. Each source format is one entry of <see cref="Sources"/>:
/// a function from the request to the converted data.</summary>
internal static class ConvertCommand
{
    /// <summary>What every source reader gets: the parsed command line.</summary>
    internal sealed record Request(string Input, double FrameRate, string? Asf, string? Subject, string? Action, int? Camera, bool ToHuman36M);

    /// <summary>What a source reader returns: the rows, the skeleton and the pose column to write
    /// (a [J,3] column gives a 3D table in mm, a [J,2] column a 2D table in pixels).</summary>
    internal sealed record Converted(IDataView Data, Skeleton Skeleton, string PoseColumn, string Summary);

    /// <summary>The <c>--from</c> formats, one line each.</summary>
    internal static readonly IReadOnlyDictionary<string, Func<Request, Converted>> Sources = new Dictionary<string, Func<Request, Converted>>(StringComparer.OrdinalIgnoreCase)
    {
        ["bvh"] = FromBvh,
        ["amc"] = FromAmc,
        ["npz"] = FromNpz,
        ["coco"] = FromCoco,
    };

    internal static Command Create()
    {
        var from = new Option<string>("--from") { Description = $"Source format: {string.Join(", ", Sources.Keys)}", Required = true };
        var input = new Option<string>("--in") { Description = "Input file (a .bvh file, or an .amc file with --asf)", Required = true };
        var output = new Option<string>("--out") { Description = "Output pose-table CSV (world frame, mm), written atomically", Required = true };
        var fps = new Option<double>("--fps") { Description = "Output frame rate; frames are dropped, never interpolated (nearest source frame on a grid from the first)", DefaultValueFactory = _ => 30 };
        var asf = new Option<string?>("--asf") { Description = "ASF skeleton for --from amc (default: <subject>.asf beside the .amc, e.g. 01.asf for 01_01.amc)" };
        var subject = new Option<string?>("--subject") { Description = "Subject name (default from the file name: 01_01 → CMU01)" };
        var action = new Option<string?>("--action") { Description = "Action name (default from the file name and known CMU takes: 01_01 → 'Jump 01')" };
        var camera = new Option<int?>("--camera") { Description = "For --from npz with 3D world poses: project them into this Human3.6M camera (0-3) of each subject's rig, writing camera-frame poses" };
        var toH36M = new Option<bool>("--to-h36m") { Description = "For --from coco: map COCO-17 keypoints to Human3.6M-17 (see JointMappings)" };
        var command = new Command("convert", "Convert motion capture (BVH, ASF/AMC), VideoPose3D .npz/.npy or COCO keypoint JSON to a pose-table CSV")
        {
            from, input, output, fps, asf, subject, action, camera, toH36M,
        };
        command.SetAction(parse =>
        {
            var format = parse.GetValue(from)!;
            if (!Sources.TryGetValue(format, out var source))
                throw new InvalidOptionException("--from", $"unknown source format '{format}'; expected one of {string.Join(", ", Sources.Keys)}");
            var request = new Request(parse.GetValue(input)!, parse.GetValue(fps), parse.GetValue(asf), parse.GetValue(subject), parse.GetValue(action),
                parse.GetValue(camera), parse.GetValue(toH36M));
            var outPath = parse.GetValue(output)!;
            AtomicFile.EnsureWritable(outPath);
            var converted = source(request);
            var token = CliCancellation.Token;
            PoseCsv.Write(converted.Data.WithCancellation(token), outPath, converted.Skeleton, converted.PoseColumn, cancellationToken: token);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {outPath}: {converted.Summary}");
            return 0;
        });
        return command;
    }

    private static CmuConversionOptions CmuOptions(Request r)
    {
        if (!(r.FrameRate > 0) || double.IsInfinity(r.FrameRate))
            throw new InvalidOptionException("--fps", $"must be a positive frame rate, got {r.FrameRate.ToString(CultureInfo.InvariantCulture)}");
        return new CmuConversionOptions { FrameRate = r.FrameRate, Subject = r.Subject, Action = r.Action };
    }

    private static Converted FromBvh(Request r) => Summarize(CmuMocap.ReadBvh(r.Input, CmuOptions(r)));

    private static Converted FromAmc(Request r)
    {
        var options = CmuOptions(r);
        var asf = r.Asf ?? DefaultAsf(r.Input);
        return Summarize(CmuMocap.ReadAmc(asf, r.Input, options));
    }

    /// <summary>VideoPose3D files: 3D positions (one table of every subject and action, world frame, mm;
    /// projected into one camera per subject's rig with <c>--camera</c>), 2D detections, or a plain array.</summary>
    private static Converted FromNpz(Request r)
    {
        var view = VideoPose3D.Read(r.Input, new VideoPose3DReadOptions { Subject = r.Subject, Action = r.Action });
        var summary = $"{view.Sequences.Count} sequences, {view.Skeleton.Name}, {(view.Dimensions == 3 ? "3D (mm)" : "2D (px)")}";
        if (r.Camera is not { } c) return new Converted(view, view.Skeleton, view.PoseColumn, summary);
        if (view.Dimensions != 3)
            throw new InvalidOptionException("--camera", "projects 3D world poses; this file holds 2D keypoints");
        // Each subject has its own rig; read the file once and split in memory rather than once per subject.
        var world = view.Cache();
        var subjects = world.DistinctTexts(PoseColumns.Subject);
        var parts = subjects.Select(s => H36MCameras.Rig(s).ProjectCamera(world.FilterByText(PoseColumns.Subject, x => x == s), c)).ToArray();
        return new Converted(parts[0].Concat(parts[1..]), view.Skeleton, PoseColumns.Pose3D,
            $"{summary}, projected into camera {c} of each subject's Human3.6M rig (camera frame, mm)");
    }

    /// <summary>COCO keypoint JSON (results or annotations), optionally mapped to Human3.6M-17.</summary>
    private static Converted FromCoco(Request r)
    {
        var coco = CocoKeypoints.Read(r.Input);
        if (!r.ToHuman36M) return new Converted(coco, coco.Skeleton, coco.PoseColumn, $"{coco.Skeleton.Name} keypoints (px)");
        return new Converted(JointMappings.Coco17ToHuman36M17.Apply(coco), Skeletons.Human36M17, PoseColumns.Keypoints2D,
            "COCO-17 keypoints mapped to h36m17 (px)");
    }

    /// <summary>CMU names skeletons by subject: <c>01_01.amc</c> goes with <c>01.asf</c>.</summary>
    private static string DefaultAsf(string amc)
    {
        var stem = Path.GetFileNameWithoutExtension(amc);
        var underscore = stem.IndexOf('_');
        var candidate = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(amc))!, (underscore > 0 ? stem[..underscore] : stem) + ".asf");
        return File.Exists(candidate) ? candidate
            : throw new InvalidOptionException("--asf", $"no skeleton given and '{candidate}' does not exist; pass --asf SKELETON.asf");
    }

    private static Converted Summarize(PoseML.Data.Mocap.MotionClip clip) => new(
        clip.ToDataView(), clip.Skeleton, PoseColumns.Pose3D,
        string.Create(CultureInfo.InvariantCulture, $"{clip.FrameCount} frames of {clip.Subject} / {clip.Action} at {clip.FrameRate:0.###} fps, {clip.Skeleton.Name}, world frame, mm"));
}
