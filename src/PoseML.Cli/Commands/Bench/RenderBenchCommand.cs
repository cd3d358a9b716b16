using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using PoseML.Data.View;
using PoseML.Vision.Images;
using PoseML.Vision.Images.Rendering;

namespace PoseML.Cli.Commands.Bench;

/// <summary><c>poseml bench render</c>: images/s of the person renderer (all columns of the rendered view read in
/// batches, one thread), printed as JSON.</summary>
internal static class RenderBenchCommand
{
    internal static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Images in the timed set", DefaultValueFactory = _ => 2000 };
        var size = new Option<int>("--size") { Description = "Side of the square images", DefaultValueFactory = _ => 128 };
        var repeats = new Option<int>("--repeats") { Description = "Timed repetitions", DefaultValueFactory = _ => 3 };
        var batch = new Option<int>("--batch") { Description = "Rows per batch", DefaultValueFactory = _ => 64 };
        var command = new Command("render", "Benchmark the seeded person renderer (images/s on one thread) as JSON") { count, size, repeats, batch };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(count);
            var view = RenderedImages.Load(new RenderedImageOptions { ImageSize = parse.GetValue(size), FrameStride = 5 }).Take(n);
            double checksum = 0;
            void RunAll()
            {
                foreach (var b in view.GetBatches(parse.GetValue(batch))) checksum += b.GetFloats(ImageColumns.Image)[0];
            }
            RunAll(); // warm-up: JIT, motion generation
            var process = Process.GetCurrentProcess();
            var rates = new List<double>();
            var cpuRates = new List<double>();
            for (var r = 0; r < parse.GetValue(repeats); r++)
            {
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                RunAll();
                rates.Add(n / sw.Elapsed.TotalSeconds);
                process.Refresh();
                cpuRates.Add(n / (process.TotalProcessorTime - cpu0).TotalSeconds);
            }
            rates.Sort();
            cpuRates.Sort();
            parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["images"] = n,
                ["size"] = parse.GetValue(size),
                ["images_per_s_median"] = Math.Round(rates[rates.Count / 2], 1),
                ["images_per_cpu_s_median"] = Math.Round(cpuRates[cpuRates.Count / 2], 1),
                ["checksum"] = checksum,
            }));
            return 0;
        });
        return command;
    }
}
