using System.CommandLine;
using System.Globalization;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.View;
using PoseML.Stages.Consensus;
using PoseML.Stages.JointGrouping;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml consensus</c>: fuses user-supplied partial 3D estimates of joint groups into whole
/// poses (Deep Pose Consensus Networks §5) and writes a pose-table CSV.</summary>
/// <remarks>
/// Groups file (<see cref="JointGroupsJson"/>): <c>{"joints": 17, "groups": [[0, 1, 2, …], …]}</c>.
/// Partial estimates (<see cref="PartialPoseJson"/>): <c>{"joints": 17, "frames": [{"subject": "S9",
/// "action": "Walking", "camera": 0, "frame": 12, "groups": [[[x, y, z], …], …], "confidence": [[c, …], …]}]}</c>,
/// one point list per group in the groups file's order, points in ascending joint order, <c>null</c> for
/// a missing point, optional confidences (0 drops a point). Output: root-relative poses in the input's
/// units; a joint no group places is written as empty cells.
/// </remarks>
internal static class ConsensusCommand
{
    private const string FormatsHelp =
        "groups.json: {\"joints\": 17, \"groups\": [[0,1,2,...], ...]} (0-based joint indices). " +
        "partial.json: {\"joints\": 17, \"frames\": [{\"subject\": \"S9\", \"action\": \"Walking\", \"camera\": 0, \"frame\": 12, " +
        "\"groups\": [[[x,y,z], ...], ...], \"confidence\": [[c, ...], ...]}]} with one point list per group (groups-file order, " +
        "points in ascending joint order, null = missing; confidence optional, 0 drops a point; subject/action/camera/frame optional).";

    internal static Command Create()
    {
        var groupsPath = new Option<string>("--groups") { Description = "Joint groups JSON", Required = true };
        var input = new Option<string>("--in") { Description = "Partial estimates JSON", Required = true };
        var output = new Option<string>("--out") { Description = "Pose-table CSV to write", Required = true };
        var solver = new Option<string>("--solver") { Description = "l21 (robust, default), l1 (ablation) or lsq (least squares)", DefaultValueFactory = _ => "l21" };
        var mu = new Option<double?>("--mu") { Description = "Fixed ADMM penalty μ (default: 1 / median least-squares residual per frame)" };
        var tol = new Option<double>("--tol") { Description = "Relative tolerance of the ADMM residuals", DefaultValueFactory = _ => ConsensusDefaults.Tolerance };
        var maxIter = new Option<int>("--max-iter") { Description = "Iteration cap per frame", DefaultValueFactory = _ => ConsensusDefaults.MaxIterations };
        var root = new Option<int>("--root") { Description = "Root joint pinned at the origin", DefaultValueFactory = _ => ConsensusDefaults.RootJoint };
        var command = new Command("consensus", "Fuse partial 3D poses of joint groups into whole poses (robust l2,1 consensus). " + FormatsHelp)
        {
            groupsPath, input, output, solver, mu, tol, maxIter, root,
        };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            AtomicFile.EnsureWritable(parse.GetValue(output)!);
            var kind = parse.GetValue(solver)!.ToLowerInvariant() switch
            {
                "l21" => ConsensusSolverKind.L21,
                "l1" => ConsensusSolverKind.L1,
                "lsq" or "ls" or "least-squares" => ConsensusSolverKind.LeastSquares,
                var other => throw new InvalidOptionException("--solver", $"unknown solver '{other}'; expected l21, l1 or lsq"),
            };
            var groups = JointGroupsJson.Read(parse.GetValue(groupsPath)!);
            var partial = PartialPoseJson.Read(parse.GetValue(input)!, groups);
            var options = new ConsensusOptions
            {
                Solver = kind, Mu = parse.GetValue(mu), Tolerance = parse.GetValue(tol), MaxIterations = parse.GetValue(maxIter), RootJoint = parse.GetValue(root),
            };
            var n = groups.JointCount;
            var poses = new float[partial.FrameCount * n * 3];
            var summary = new ConsensusSolver(groups, options).Solve(partial.Estimates, partial.Confidence, poses);
            // A joint no group places is legitimately missing (an empty cell, counted below); a frame with no
            // placed joint at all is an error rather than an empty row.
            long missingJoints = 0;
            for (var f = 0; f < partial.FrameCount; f++)
            {
                var placed = 0;
                for (var j = 0; j < n; j++)
                {
                    var p = (f * n + j) * 3;
                    if (float.IsFinite(poses[p]) && float.IsFinite(poses[p + 1]) && float.IsFinite(poses[p + 2])) placed++;
                }
                if (placed == 0)
                    throw new DataFormatException(parse.GetValue(input)!, "no group places any joint of this frame (every point is null or has confidence 0); expected at least one point", field: $"$.frames[{f}]");
                missingJoints += n - placed;
            }
            var skeleton = n == 17 ? Skeletons.Human36M17
                : new Skeleton($"joints{n}", Enumerable.Range(0, n).Select(i => $"J{i}"), Enumerable.Repeat(-1, n), [], []);
            var view = new DataViewBuilder()
                .AddText(PoseColumns.Subject, partial.Subjects)
                .AddText(PoseColumns.Action, partial.Actions)
                .AddInt(PoseColumns.Camera, partial.Cameras)
                .AddInt(PoseColumns.Frame, partial.FrameNumbers)
                .AddFloat(PoseColumns.Pose3D, poses, n, 3)
                .Build();
            var outPath = parse.GetValue(output)!;
            PoseCsv.Write(view, outPath, skeleton, PoseColumns.Pose3D);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {summary.Frames} poses to {outPath} ({kind}, mean {summary.MeanIterations:F1} iterations, {summary.Unconverged} unconverged, {summary.FramesWithMissingJoints} with missing joints)"));
            if (missingJoints > 0)
                parse.InvocationConfiguration.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"poseml: warning: {missingJoints} joint(s) in {summary.FramesWithMissingJoints} of {summary.Frames} frames are placed by no group; they are empty cells in {outPath}"));
            return 0;
        });
        return command;
    }
}
