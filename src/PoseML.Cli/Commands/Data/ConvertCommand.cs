using System.CommandLine;
using System.Globalization;
using PoseML.Core;
using PoseML.Data;
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
    internal sealed record Request(string Input, double FrameRate, string? Asf, string? Subject, string? Action);

    /// <summary>What a source reader returns: the rows, the skeleton and the pose column to write
    /// (a [J,3] column gives a 3D table in mm, a [J,2] column a 2D table in pixels).</summary>
    internal sealed record Converted(IDataView Data, Skeleton Skeleton, string PoseColumn, string Summary);

    /// <summary>The <c>--from</c> formats, one line each.</summary>
    internal static readonly IReadOnlyDictionary<string, Func<Request, Converted>> Sources = new Dictionary<string, Func<Request, Converted>>(StringComparer.OrdinalIgnoreCase)
    {
        ["bvh"] = FromBvh,
        ["amc"] = FromAmc,
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
        var command = new Command("convert", "Convert motion capture (BVH, ASF/AMC) to a Human3.6M-17 pose-table CSV")
        {
            from, input, output, fps, asf, subject, action,
        };
        command.SetAction(parse =>
        {
            var format = parse.GetValue(from)!;
            if (!Sources.TryGetValue(format, out var source))
                throw new InvalidOptionException("--from", $"unknown source format '{format}'; expected one of {string.Join(", ", Sources.Keys)}");
            var request = new Request(parse.GetValue(input)!, parse.GetValue(fps), parse.GetValue(asf), parse.GetValue(subject), parse.GetValue(action));
            var outPath = parse.GetValue(output)!;
            var converted = source(request);
            PoseCsv.Write(converted.Data, outPath, converted.Skeleton, converted.PoseColumn);
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
