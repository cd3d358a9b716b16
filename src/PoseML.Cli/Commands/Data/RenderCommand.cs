using System.CommandLine;
using System.Diagnostics;
using PoseML.Vision.Images;
using PoseML.Vision.Images.Rendering;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml data render</c>: renders labelled images of people to look at.</summary>
internal static class RenderCommand
{
    internal static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Output folder (created if needed)", Required = true };
        var source = new Option<string>("--source") { Description = "Motion: synthetic or cmu", DefaultValueFactory = _ => RenderedImageDefaults.Source };
        var count = new Option<int>("--count") { Description = "Number of images", DefaultValueFactory = _ => 16 };
        var size = new Option<int>("--size") { Description = "Side of the square images, pixels", DefaultValueFactory = _ => RenderedImageDefaults.ImageSize };
        var seed = new Option<int>("--seed") { Description = "Seed of appearance, backgrounds and lighting; the same seed gives the same images", DefaultValueFactory = _ => 0 };
        var stride = new Option<int>("--stride") { Description = "Render every n-th frame", DefaultValueFactory = _ => RenderedImageDefaults.FrameStride };
        var overlay = new Option<bool>("--overlay") { Description = "Draw the labelled joints on the images (to check labels by eye)" };
        var command = new Command("render",
            "Render people with exact labels: the synthetic or CMU motion filmed by Human3.6M's four cameras, drawn with " +
            "shaded limbs, per-subject clothes and varied backgrounds, cropped square around the person. Writes " +
            "image_000000.png, ... and labels.csv (file, subject, action, camera, frame, CropToImage, and per joint x, y in " +
            "camera pixels, x, y in the PNG, visibility). The same images are what mlContext.Data.LoadRenderedImages gives.")
        {
            output, source, count, size, seed, stride, overlay,
        };
        command.SetAction(parse =>
        {
            var console = parse.InvocationConfiguration.Output;
            var images = RenderedImages.Load(new RenderedImageOptions
            {
                Source = parse.GetValue(source)!,
                ImageSize = parse.GetValue(size),
                Seed = parse.GetValue(seed),
                FrameStride = parse.GetValue(stride),
            });
            var clock = Stopwatch.StartNew();
            var files = ImageExport.Write(images, parse.GetValue(output)!, parse.GetValue(count), parse.GetValue(overlay), CliCancellation.Token);
            console.WriteLine($"{files.Count - 1} images and {ImageExport.LabelsFile} written to {parse.GetValue(output)} in {clock.Elapsed.TotalSeconds:F1} s");
            return 0;
        });
        return command;
    }
}
