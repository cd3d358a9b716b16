using IDataView = Microsoft.ML.IDataView;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PoseML.Cli.Progress;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.View;
using PoseML.Pipeline;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml predict</c>: applies a saved 2D→3D model (e.g. from <c>poseml train</c>) to a 2D
/// keypoint table and writes the predicted 3D poses (camera frame, root-relative, mm) as a pose-table CSV.</summary>
internal static class PredictCommand
{
    internal static Command Create()
    {
        var modelPath = new Option<string>("--model") { Description = "Model zip written by 'poseml train'", Required = true };
        var input = new Option<string>("--in") { Description = "2D keypoint pose-table CSV (…_u,…_v[,…_c] columns, pixels)", Required = true };
        var output = new Option<string>("--out") { Description = "3D pose-table CSV to write (root-relative mm; joints no group places are empty cells)", Required = true };
        var command = new Command("predict", "Lift 2D keypoints to 3D poses with a saved model") { modelPath, input, output };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var outPath = parse.GetValue(output)!;
            AtomicFile.EnsureWritable(outPath);
            var ctx = new PoseContext(0) { CancellationToken = CliCancellation.Token };
            var model = ctx.Model.Load(parse.GetValue(modelPath)!, out _);
            var keypoints = ctx.Data.LoadFromPoseCsv(parse.GetValue(input)!);
            if (keypoints.Layout.Dimensions != 2)
                throw new DataFormatException(keypoints.Path, "expected a 2D keypoint table (…_u,…_v columns), found a 3D one");
            var clock = Stopwatch.StartNew();
            var scored = model.Transform(keypoints.WithCancellation(ctx.CancellationToken));
            var type = scored.Columns().Require(PoseColumns.PredictedPose3D, DataKind.Float32, 2).Type;
            var joints = type.Shape[0];
            var skeleton = joints == Skeletons.Human36M17.JointCount ? Skeletons.Human36M17
                : new Skeleton($"joints{joints}", Enumerable.Range(0, joints).Select(i => $"J{i}"), Enumerable.Repeat(-1, joints), [], []);
            var counted = new CountingView(scored);
            PoseCsv.Write(counted, outPath, skeleton, PoseColumns.PredictedPose3D, cancellationToken: ctx.CancellationToken);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {counted.Rows} poses to {outPath} in {clock.Elapsed.TotalSeconds:0.00} s ({counted.MissingJoints} missing joints)"));
            return 0;
        });
        return command;
    }

    /// <summary>Passes batches through while counting rows and flagged missing joints.</summary>
    private sealed class CountingView(IDataView inner) : BatchDataView
    {
        public long Rows { get; private set; }

        public long MissingJoints { get; private set; }

        public override BatchSchema Columns => inner.Columns();

        public override long? RowCount => inner.RowCount();

        public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns)
        {
            var missing = inner.Columns().TryGetColumn(Stages.PoseConsensus.Defaults.MissingColumnName, out _);
            var wanted = columns is null || !missing ? columns : [.. columns, Stages.PoseConsensus.Defaults.MissingColumnName];
            foreach (var batch in inner.GetBatches(batchSize, wanted))
            {
                Rows += batch.RowCount;
                if (missing) foreach (var m in batch.GetInts(Stages.PoseConsensus.Defaults.MissingColumnName)) MissingJoints += m;
                yield return batch;
            }
        }
    }
}
