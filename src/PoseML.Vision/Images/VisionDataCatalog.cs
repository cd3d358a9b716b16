using Microsoft.ML;
using PoseML.Data.View;
using PoseML.MLNet;
using PoseML.Vision.Images.Rendering;

namespace PoseML.Vision.Images;

/// <summary>Image data on ML.NET's data catalog: <c>mlContext.Data.LoadRenderedImages(…)</c>,
/// <c>LoadCocoKeypointImages</c>, <c>LoadMpiiImages</c>, <c>LoadHuman36MImages</c> and <c>LoadImageFiles</c>. Every view has the
/// columns of <see cref="ImageColumns"/> and decodes or renders its images per batch while it is read.</summary>
public static partial class VisionDataCatalog
{
    /// <summary>Rendered people with exact 2D and 3D labels (see <see cref="RenderedImageDataView"/>).</summary>
    public static IDataView LoadRenderedImages(this DataOperationsCatalog catalog, RenderedImageOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return RenderedImages.Load(options).WithCancellation(PoseRun.For(catalog, "LoadRenderedImages").CancellationToken);
    }

    /// <summary>Rendered people from <paramref name="source"/> (<c>synthetic</c> or <c>cmu</c>) at
    /// <paramref name="imageSize"/> pixels, every <paramref name="frameStride"/>-th frame.</summary>
    public static IDataView LoadRenderedImages(this DataOperationsCatalog catalog, string source = RenderedImageDefaults.Source,
        int imageSize = RenderedImageDefaults.ImageSize, int frameStride = RenderedImageDefaults.FrameStride, int seed = 0) =>
        catalog.LoadRenderedImages(new RenderedImageOptions { Source = source, ImageSize = imageSize, FrameStride = frameStride, Seed = seed });
}
