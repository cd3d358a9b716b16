using Microsoft.ML;
using PoseML.Data.View;
using PoseML.MLNet;
using PoseML.Vision.Images.Coco;
using PoseML.Vision.Images.Files;
using PoseML.Vision.Images.Human36M;
using PoseML.Vision.Images.Mpii;
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

    /// <summary>People of a COCO keypoint annotations file with their images (see <see cref="CocoImages"/>).</summary>
    public static IDataView LoadCocoKeypointImages(this DataOperationsCatalog catalog, string annotations, string imageFolder, int size = RenderedImageDefaults.ImageSize) =>
        Cancellable(catalog, CocoImages.Load(annotations, imageFolder, size), "LoadCocoKeypointImages");

    /// <summary>People of an MPII annotations file (HRNet/mmpose JSON form) with their images (see <see cref="MpiiImages"/>).</summary>
    public static IDataView LoadMpiiImages(this DataOperationsCatalog catalog, string annotations, string imageFolder, int size = RenderedImageDefaults.ImageSize) =>
        Cancellable(catalog, MpiiImages.Load(annotations, imageFolder, size), "LoadMpiiImages");

    /// <summary>Human3.6M frames in the documented layout, labelled by VideoPose3D's files (see <see cref="Human36MImages"/>).</summary>
    public static IDataView LoadHuman36MImages(this DataOperationsCatalog catalog, string root, string positions2D, string? positions3D = null,
        int size = RenderedImageDefaults.ImageSize, int frameStride = 1) =>
        Cancellable(catalog, Human36MImages.Load(root, positions2D, size, positions3D, frameStride), "LoadHuman36MImages");

    /// <summary>Unlabelled images, one file or every image of a folder, letterboxed whole (see <see cref="ImageFiles"/>).</summary>
    public static IDataView LoadImageFiles(this DataOperationsCatalog catalog, string pathOrFolder, int size = RenderedImageDefaults.ImageSize) =>
        Cancellable(catalog, ImageFiles.Load(pathOrFolder, size), "LoadImageFiles");

    private static IDataView Cancellable(DataOperationsCatalog catalog, IDataView view, string name)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return view.WithCancellation(PoseRun.For(catalog, name).CancellationToken);
    }
}
