using Microsoft.ML;
using PoseML.Vision.Images;

namespace PoseML.Cli.Commands;

/// <summary>Images a model is applied to: an image file or a folder of images (<c>mlContext.Data.LoadImageFiles</c>, no labels),
/// or a named source of <see cref="HeatmapDataSources"/> (<c>rendered[:…]</c>, <c>idv:PATH</c>).</summary>
internal static class ImageInputs
{
    /// <summary>Help text of the accepted forms.</summary>
    public static string Help => "an image file or a folder of images (PNG/JPEG…, letterboxed whole), or " + HeatmapDataSources.Help;

    /// <summary>The view of <paramref name="spec"/> at the image side of <paramref name="request"/>.</summary>
    public static IDataView Load(MLContext ml, string option, string spec, HeatmapDataSources.Request request) =>
        File.Exists(spec) && !spec.EndsWith(".idv", StringComparison.OrdinalIgnoreCase) || Directory.Exists(spec)
            ? ml.Data.LoadImageFiles(spec, request.Size)
            : HeatmapDataSources.Load(ml, option, spec, request);
}
