using System.CommandLine;
using System.Globalization;
using PoseML.Core;
using PoseML.Data.Formats;
using PoseML.Data.View;
using Microsoft.ML;
using PoseML.Stages.RarePose;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml rarity --ref REF.csv --in POSES.csv --out SCORES.csv [--mode exact|fast]</c>: the occurrence
/// OCC (SRNet Eq. 9–10) of every pose of a 3D pose table in a reference set, written as the input table with one
/// more column, <c>occurrence</c> (empty for a pose with a missing joint).</summary>
internal static class RarityCommand
{
    public static Command Create()
    {
        var reference = new Option<string>("--ref") { Description = "Reference poses O, a 3D pose-table CSV (often the same file as --in)", Required = true };
        var input = new Option<string>("--in") { Description = "Poses to score, a 3D pose-table CSV with the same joints", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the scored table: the input rows with an 'occurrence' column appended", Required = true };
        var mode = new Option<string>("--mode") { Description = "exact (the definition, O(N·M)) or fast (per-joint density grids, error ≤ the printed bound)", DefaultValueFactory = _ => "fast" };
        mode.AcceptOnlyFromAmong("exact", "fast");
        var command = new Command("rarity", "Score how common each 3D pose is in a reference set (occurrence, SRNet Eq. 10): low values are rare poses")
        {
            reference, input, output, mode,
        };
        command.SetAction(parse =>
        {
            var console = parse.InvocationConfiguration.Output;
            var refPath = parse.GetValue(reference)!;
            var inPath = parse.GetValue(input)!;
            var outPath = parse.GetValue(output)!;
            AtomicFile.EnsureWritable(outPath);
            var options = new RarePoseOptions { Mode = parse.GetValue(mode) == "exact" ? OccurrenceMode.Exact : OccurrenceMode.Fast };
            var refView = Read3D(refPath, allowMissing: false);
            var inView = Read3D(inPath, allowMissing: true);
            if (!refView.Layout.Skeleton.Equals(inView.Layout.Skeleton))
                throw new DataFormatException(inPath, $"joints of skeleton {inView.Layout.Skeleton.Name} do not match the reference {refPath} (skeleton {refView.Layout.Skeleton.Name})", 1);
            options = options with { RootJoint = Math.Max(0, refView.Layout.Skeleton.Parents.IndexOf(-1)) };
            var ml = new MLContext(0);
            var fitted = ml.Transforms.ScoreOccurrence(options).Fit(refView);
            var scorer = fitted.Scorer;
            var scores = fitted.Transform(inView.WithCancellation(CliCancellation.Token)).ReadFloats(options.OutputColumnName);
            PoseCsv.WriteWithColumn(inPath, outPath, "occurrence", scores);
            var bound = scorer.Mode == OccurrenceMode.Fast ? $", error bound {scorer.ErrorBound.ToString("0.0000", CultureInfo.InvariantCulture)}" : "";
            console.WriteLine($"scored {scores.Length} poses against {scorer.ReferenceCount} reference poses ({parse.GetValue(mode)} mode{bound}); wrote {outPath}");
            return 0;
        });
        return command;
    }

    private static PoseCsvDataView Read3D(string path, bool allowMissing)
    {
        var view = PoseCsv.Read(path, new PoseCsvReadOptions { AllowMissing = allowMissing });
        if (view.Layout.Dimensions != 3)
            throw new DataFormatException(path, "expected a 3D pose table (<Joint>_x,_y,_z columns in mm), found 2D keypoints (_u,_v)", 1);
        return view;
    }
}
