using IDataView = Microsoft.ML.IDataView;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Catalog;
using PoseML.Data.View;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace PoseML.Cli.Commands.Bench;

/// <summary><c>poseml bench lift</c>: end-to-end 2D→3D frames/s of a saved ML.NET model (loaded with <c>mlContext.Model.Load</c>) (e.g. DPCN: group lifters +
/// consensus) at given batch sizes, on keypoints of the synthetic dataset, printed as JSON.</summary>
internal static class LiftBenchCommand
{
    internal static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model zip (e.g. from 'poseml train' or 'poseml quickstart')", DefaultValueFactory = _ => Path.Combine("quickstart-output", "dpcn.zip") };
        var frames = new Option<int>("--frames") { Description = "Frames in the timed set", DefaultValueFactory = _ => 4096 };
        var batches = new Option<string>("--batch") { Description = "Comma-separated batch sizes", DefaultValueFactory = _ => "1,1024" };
        var repeats = new Option<int>("--repeats") { Description = "Timed repetitions (median reported)", DefaultValueFactory = _ => 3 };
        var input = new Option<string?>("--in") { Description = "2D keypoint pose-table CSV to lift (default: the synthetic dataset)" };
        var command = new Command("lift", "Benchmark end-to-end 2D→3D inference of a saved model (frames/s per batch size) as JSON") { model, frames, batches, repeats, input };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var path = parse.GetValue(model)!;
            if (!File.Exists(path)) throw new InvalidOptionException("--model", $"'{path}' not found; train one with 'poseml quickstart' or 'poseml train'");
            var ml = new MLContext(0);
            var fitted = ModelFiles.Load(ml, path, out _);
            var n = parse.GetValue(frames);
            IDataView source = parse.GetValue(input) is { } csv ? PoseML.Data.Formats.PoseCsv.Read(csv) : Datasets.Load("synthetic");
            var data = source.Take(n).SelectColumns(PoseColumns.Keypoints2D, PoseColumns.Confidence).Cache();
            n = data.Rows;
            var scored = fitted.Transform(data);
            var sizes = parse.GetValue(batches)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v
                    : throw new InvalidOptionException("--batch", $"'{s}' is not a positive batch size")).ToArray();
            // Without the last stage (e.g. DPCN without its consensus): how the time splits between lifters and consensus.
            var stages = Stages(fitted);
            IDataView? partial = null;
            string? partialColumn = null;
            if (stages.Count >= 2)
            {
                var head = new TransformerChain<ITransformer>([.. stages.Take(stages.Count - 1)]);
                partial = head.Transform(data);
                partialColumn = partial.Schema[partial.Schema.Count - 1].Name;
            }
            var results = new List<object>();
            foreach (var b in sizes)
            {
                var count = b == 1 ? Math.Min(n, 512) : n; // batch 1 is slow per frame; time fewer frames
                var rate = Rate(scored, PoseColumns.PredictedPose3D, count, b, parse.GetValue(repeats));
                double? headRate = partial is null ? null : Rate(partial, partialColumn!, count, b, parse.GetValue(repeats));
                results.Add(new { batch = b, frames = count, frames_per_s = rate, ms_per_batch = 1000.0 * b / rate, without_last_stage_frames_per_s = headRate });
            }
            var report = new Dictionary<string, object>
            {
                ["model"] = path,
                ["stages"] = string.Join(" → ", stages.Select(t => Name(t.GetType()))),
                ["threads"] = Environment.ProcessorCount,
                ["results"] = results,
            };
            output.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return 0;
        });
        return command;
    }

    /// <summary>The stages of a loaded model: the parts of its outer ML.NET chain (a chain of one part is opened).</summary>
    private static IReadOnlyList<ITransformer> Stages(ITransformer model)
    {
        while (model is IEnumerable<ITransformer> chain)
        {
            var parts = chain.ToList();
            if (parts.Count != 1) return parts;
            model = parts[0];
        }
        return [model];
    }

    private static string Name(Type t) => t.IsGenericType ? $"{t.Name[..t.Name.IndexOf('`')]}<{string.Join(",", t.GetGenericArguments().Select(Name))}>" : t.Name;

    /// <summary>Median frames/s of reading <paramref name="column"/> of the first <paramref name="count"/> rows in batches of <paramref name="batch"/>, after one warm-up pass.</summary>
    private static double Rate(IDataView view, string column, int count, int batch, int repeats)
    {
        long Run()
        {
            long rows = 0;
            foreach (var b in view.Take(count).GetBatches(batch, [column])) rows += b.RowCount;
            return rows;
        }
        Run();
        var rates = new List<double>();
        for (var r = 0; r < Math.Max(1, repeats); r++)
        {
            var sw = Stopwatch.StartNew();
            var rows = Run();
            rates.Add(rows / sw.Elapsed.TotalSeconds);
        }
        rates.Sort();
        return rates[rates.Count / 2];
    }
}
