using IDataView = Microsoft.ML.IDataView;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PoseML.Cli.Progress;
using PoseML.Core;
using PoseML.Data;
using PoseML.Stages.PoseConsensus;
using PoseML.Data.Formats;
using PoseML.Data.View;
using Microsoft.ML;
using PoseML.MLNet;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml predict</c>: applies a saved 2D→3D model (e.g. from <c>poseml train</c>) to a 2D
/// keypoint table (<c>mlContext.Model.Load</c>, then <c>Transform</c>) and writes the predicted 3D poses (camera frame, root-relative, mm) as a pose-table CSV.</summary>
internal static class PredictCommand
{
    internal static Command Create()
    {
        var modelPath = new Option<string>("--model") { Description = "ML.NET model zip written by 'poseml train' (models of PoseML's former own format are refused: retrain them)", Required = true };
        var input = new Option<string>("--in") { Description = "2D keypoint pose-table CSV (…_u,…_v[,…_c] columns, pixels)", Required = true };
        var output = new Option<string>("--out") { Description = "3D pose-table CSV to write (root-relative mm; joints no group places are empty cells)", Required = true };
        var command = new Command("predict", "Lift 2D keypoints to 3D poses with a saved model") { modelPath, input, output };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var outPath = parse.GetValue(output)!;
            AtomicFile.EnsureWritable(outPath);
            var ml = new MLContext(0);
            ml.SetPoseCancellation(CliCancellation.Token);
            var token = CliCancellation.Token;
            var model = ModelFiles.Load(ml, parse.GetValue(modelPath)!, out _);
            var keypoints = PoseCsv.Read(parse.GetValue(input)!);
            if (keypoints.Layout.Dimensions != 2)
                throw new DataFormatException(keypoints.Path, "expected a 2D keypoint table (…_u,…_v columns), found a 3D one");
            var clock = Stopwatch.StartNew();
            var scored = model.Transform(keypoints.WithCancellation(token));
            var type = scored.Columns().Require(PoseColumns.PredictedPose3D, DataKind.Float32, 2).Type;
            var joints = type.Shape[0];
            var skeleton = joints == Skeletons.Human36M17.JointCount ? Skeletons.Human36M17
                : new Skeleton($"joints{joints}", Enumerable.Range(0, joints).Select(i => $"J{i}"), Enumerable.Repeat(-1, joints), [], []);
            var counted = new CountingView(scored, joints, parse.GetValue(modelPath)!, keypoints.Path);
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

    /// <summary>Passes batches through while counting rows and joints without an estimate: joints the consensus
    /// flags as placed by no group (legitimate; counted) and other non-finite coordinates (counted); a frame whose
    /// predicted pose has no finite coordinate at all is an error (a broken model), not an empty row.</summary>
    private sealed class CountingView(IDataView inner, int joints, string modelPath, string inputPath) : BatchDataView
    {
        public long Rows { get; private set; }

        public long MissingJoints { get; private set; }

        public long NonFiniteJoints { get; private set; }

        public long FramesWithGaps { get; private set; }

        public override BatchSchema Columns => inner.Columns();

        public override long? RowCount => inner.RowCount();

        public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns)
        {
            const string missingColumn = PoseConsensusDefaults.MissingColumnName;
            var missing = inner.Columns().TryGetColumn(missingColumn, out _);
            var wanted = columns is null ? null : new HashSet<string>(columns, StringComparer.Ordinal) { PoseColumns.PredictedPose3D };
            if (wanted is not null && missing) wanted.Add(missingColumn);
            foreach (var batch in inner.GetBatches(batchSize, wanted))
            {
                var poses = batch.GetFloats(PoseColumns.PredictedPose3D);
                var flags = missing ? batch.GetInts(missingColumn) : default;
                for (var r = 0; r < batch.RowCount; r++)
                {
                    int flagged = 0, nonFinite = 0;
                    for (var j = 0; j < joints; j++)
                    {
                        if (missing && flags[r * joints + j] != 0) { flagged++; continue; }
                        var p = poses.Slice((r * joints + j) * 3, 3);
                        if (!float.IsFinite(p[0]) || !float.IsFinite(p[1]) || !float.IsFinite(p[2])) nonFinite++;
                    }
                    if (flagged + nonFinite == joints)
                        throw new DataFormatException(modelPath, string.Create(CultureInfo.InvariantCulture,
                            $"predicted no finite coordinate for row {batch.StartRow + r + 1} of {inputPath}{RowKey(batch, r)}; expected a 3D pose — the model's weights or this row's keypoints are not finite numbers"));
                    MissingJoints += flagged;
                    NonFiniteJoints += nonFinite;
                    if (flagged + nonFinite > 0) FramesWithGaps++;
                }
                Rows += batch.RowCount;
                yield return batch;
            }
        }

        private static string RowKey(DataBatch batch, int row)
        {
            var parts = new List<string>();
            foreach (var column in new[] { PoseColumns.Subject, PoseColumns.Action })
                if (batch.Schema.TryGetColumn(column, out var c) && c.Type.Kind == DataKind.Text) parts.Add($"{column.ToLowerInvariant()} {batch.GetTexts(column)[row]}");
            if (batch.Schema.TryGetColumn(PoseColumns.Frame, out var f) && f.Type.Kind == DataKind.Int32) parts.Add($"frame {batch.GetInts(PoseColumns.Frame)[row]}");
            return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
        }
    }
}
