using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Data;
using PoseML.Data.Catalog;
using PoseML.Data.View;
using PoseML.MLNet;
using PoseML.Stages.DeepPoseConsensus;
using IDataView = Microsoft.ML.IDataView;
using MLTransformer = Microsoft.ML.ITransformer;

namespace PoseML.Cli.Commands.Bench;

/// <summary><c>poseml bench mlnet</c>: the ML.NET lifting stages fitted in process (PoseML's batched engine) against
/// the same models saved and loaded (the ONNX saved form run by ML.NET's <c>ApplyOnnxModel</c>): Transform
/// throughput over many frames and single-frame <c>PredictionEngine</c> latency, printed as JSON.</summary>
internal static class MLNetBenchCommand
{
    internal static Command Create()
    {
        var frames = new Option<int>("--frames") { Description = "Frames transformed per throughput run", DefaultValueFactory = _ => 100_000 };
        var width = new Option<int>("--width") { Description = "Martinez hidden width", DefaultValueFactory = _ => 256 };
        var dpcnWidth = new Option<int>("--dpcn-width") { Description = "DPCN lifter width", DefaultValueFactory = _ => 64 };
        var calls = new Option<int>("--calls") { Description = "PredictionEngine calls timed", DefaultValueFactory = _ => 2000 };
        var command = new Command("mlnet", "Benchmark ML.NET lifting stages, fitted in process vs saved and loaded (ONNX), as JSON") { frames, width, dpcnWidth, calls };
        command.SetAction(parse =>
        {
            var ml = new MLContext(seed: 1).SetPoseCancellation(CliCancellation.Token);
            var train = Datasets.Load("synthetic").Take(4096).Cache();
            var martinez = DeepPoseConsensusOptions.Martinez.Lifter with { Width = parse.GetValue(width), Epochs = 1, Seed = 1 };
            var dpcn = DeepPoseConsensusOptions.Dpcn with
            {
                Lifter = DeepPoseConsensusOptions.Dpcn.Lifter with { Width = parse.GetValue(dpcnWidth), ResidualBlocks = 1, Epochs = 1, Seed = 1 },
            };
            var input = Repeat(ml, train, parse.GetValue(frames));
            var results = new List<object>();
            foreach (var (name, estimator) in new (string, IEstimator<MLTransformer>)[]
            {
                ($"Martinez (width {martinez.Width})", ml.Transforms.Martinez(martinez)),
                ($"DPCN (width {dpcn.Lifter.Width}, 1 block)", ml.Transforms.DeepPoseConsensus(dpcn)),
            })
            {
                var fitted = estimator.Fit(train);
                using var stream = new MemoryStream();
                ml.Model.Save(fitted, train.Schema, stream);
                stream.Position = 0;
                var loaded = new MLContext(seed: 0).Model.Load(stream, out _);
                foreach (var (form, model) in new[] { ("fitted (PoseML engine)", fitted), ("loaded (ONNX saved form)", loaded) })
                {
                    var fps = Throughput(model.Transform(input));
                    var latency = Latency(ml, model, train, parse.GetValue(calls));
                    results.Add(new { model = name, form, frames_per_s = Math.Round(fps), prediction_engine_median_us = Math.Round(latency.Median, 1), prediction_engine_p99_us = Math.Round(latency.P99, 1) });
                }
            }
            parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new { frames = parse.GetValue(frames), threads = Environment.ProcessorCount, results },
                new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        });
        return command;
    }

    private sealed class Frame
    {
        public float[] Keypoints2D { get; set; } = [];

        public float[] Confidence { get; set; } = [];
    }

    private sealed class Pose
    {
        public float[] PredictedPose3D { get; set; } = [];
    }

    private static SchemaDefinition FrameDefinition()
    {
        var d = SchemaDefinition.Create(typeof(Frame));
        d[nameof(Frame.Keypoints2D)].ColumnType = PoseColumnTypes.Keypoints2D(17);
        d[nameof(Frame.Confidence)].ColumnType = PoseColumnTypes.PerJoint(17);
        return d;
    }

    private static IDataView Repeat(MLContext ml, IDataView source, int frames)
    {
        var k = source.ReadFloats(PoseColumns.Keypoints2D);
        var c = source.ReadFloats(PoseColumns.Confidence);
        var rows = k.Length / 34;
        var items = Enumerable.Range(0, frames).Select(i => new Frame
        {
            Keypoints2D = k.AsSpan(i % rows * 34, 34).ToArray(),
            Confidence = c.AsSpan(i % rows * 17, 17).ToArray(),
        }).ToList();
        return ml.Data.LoadFromEnumerable(items, FrameDefinition());
    }

    /// <summary>Frames/s reading PredictedPose3D of every row, best of 2 after a warm-up on 1,000 rows.</summary>
    private static double Throughput(IDataView scored)
    {
        var column = scored.Schema[PoseColumns.PredictedPose3D];
        long Run(long limit)
        {
            using var cursor = scored.GetRowCursor([column]);
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            var buffer = default(VBuffer<float>);
            long n = 0;
            while (n < limit && cursor.MoveNext())
            {
                getter(ref buffer);
                n++;
            }
            return n;
        }
        Run(1000);
        var best = 0.0;
        for (var r = 0; r < 2; r++)
        {
            var sw = Stopwatch.StartNew();
            var n = Run(long.MaxValue);
            best = Math.Max(best, n / sw.Elapsed.TotalSeconds);
        }
        return best;
    }

    private static (double Median, double P99) Latency(MLContext ml, MLTransformer model, IDataView source, int calls)
    {
        var engine = ml.Model.CreatePredictionEngine<Frame, Pose>(model, inputSchemaDefinition: FrameDefinition());
        var k = source.ReadFloats(PoseColumns.Keypoints2D);
        var c = source.ReadFloats(PoseColumns.Confidence);
        var frame = new Frame { Keypoints2D = k.AsSpan(0, 34).ToArray(), Confidence = c.AsSpan(0, 17).ToArray() };
        for (var i = 0; i < 200; i++) engine.Predict(frame);
        var times = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var sw = Stopwatch.StartNew();
            engine.Predict(frame);
            times[i] = sw.Elapsed.TotalMicroseconds;
        }
        Array.Sort(times);
        return (times[calls / 2], times[(int)(calls * 0.99)]);
    }
}
