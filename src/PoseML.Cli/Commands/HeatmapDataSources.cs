using Microsoft.ML;
using PoseML.Core;
using PoseML.Vision.Images;
using PoseML.Vision.Images.Rendering;

namespace PoseML.Cli.Commands;

/// <summary>Where <c>poseml train-heatmaps</c> gets its images: a named source and an optional argument
/// (<c>NAME[:ARG]</c>), each a factory of an image data view with the columns Image float[3,S,S], Keypoints2D float[J,2],
/// Visibility float[J] and CropToImage float[4]. New image sources register here with one line.</summary>
internal static class HeatmapDataSources
{
    /// <summary>What a source may need besides its argument.</summary>
    /// <param name="Size">Image side S.</param>
    /// <param name="Seed">Seed of rendered appearance.</param>
    /// <param name="Stride">Keep every n-th frame.</param>
    /// <param name="Subjects">Subjects to keep (sources that have subjects); empty keeps all.</param>
    /// <param name="FramesPerAction">At most this many kept frames per subject, action and camera (rendered); 0 keeps all.</param>
    internal sealed record Request(int Size, int Seed, int Stride, IReadOnlyList<string>? Subjects = null, int FramesPerAction = 0);

    /// <summary>Makes the view of a source from its argument (null when none was given).</summary>
    internal delegate IDataView Factory(MLContext ml, string? argument, Request request);

    private static readonly Dictionary<string, (string Help, Factory Load)> Sources = new(StringComparer.OrdinalIgnoreCase)
    {
        ["rendered"] = ("rendered[:synthetic|cmu], people rendered on demand with exact labels (mlContext.Data.LoadRenderedImages; --size, --seed, --stride, --subjects, --frames-per-action)",
            (ml, source, r) => ml.Data.LoadRenderedImages(new RenderedImageOptions
            {
                Source = source ?? RenderedImageDefaults.Source, ImageSize = r.Size, Seed = r.Seed, FrameStride = r.Stride,
                Subjects = [.. r.Subjects ?? []], FramesPerAction = r.FramesPerAction,
            })),
        ["idv"] = ("idv:PATH, an ML.NET binary data view with those columns (mlContext.Data.SaveAsBinary)", LoadBinary),
    };

    /// <summary>The sources, for help texts.</summary>
    public static string Help => string.Join("; ", Sources.Values.Select(s => s.Help));

    /// <summary>Registers (or replaces) a source.</summary>
    public static void Register(string name, string help, Factory load) => Sources[name] = (help, load);

    /// <summary>The view of <paramref name="spec"/> (<c>NAME[:ARG]</c>; a path ending in <c>.idv</c> stands for <c>idv:PATH</c>).</summary>
    /// <exception cref="InvalidOptionException">An unknown source.</exception>
    public static IDataView Load(MLContext ml, string option, string spec, Request request)
    {
        if (spec.EndsWith(".idv", StringComparison.OrdinalIgnoreCase) && !spec.StartsWith("idv:", StringComparison.OrdinalIgnoreCase)) spec = "idv:" + spec;
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? spec : spec[..colon];
        var argument = colon < 0 ? null : spec[(colon + 1)..];
        if (!Sources.TryGetValue(name, out var source))
            throw new InvalidOptionException(option, $"unknown image source '{name}'; expected one of: {Help}");
        return source.Load(ml, argument, request);
    }

    private static IDataView LoadBinary(MLContext ml, string? path, Request request)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new InvalidOptionException("--data", "idv needs a path: idv:PATH");
        if (!File.Exists(path)) throw new DataFormatException(path, "no such file; expected an ML.NET binary data view (.idv) with Image, Keypoints2D, Visibility and CropToImage columns");
        return ml.Data.LoadFromBinary(path);
    }
}
