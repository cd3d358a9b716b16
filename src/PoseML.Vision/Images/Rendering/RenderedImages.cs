using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Cameras;
using PoseML.Data.Catalog;
using PoseML.Data.Synthetic;
using PoseML.Data.View;

namespace PoseML.Vision.Images.Rendering;

/// <summary>Rendered training images with exact labels: motion (synthetic or the CMU sample) filmed by the
/// Human3.6M cameras and drawn as people with volume (see <see cref="RenderedImageDataView"/>).</summary>
public static class RenderedImages
{
    /// <summary>The lazy image view of <paramref name="options"/> (columns of <see cref="ImageColumns"/>).</summary>
    /// <exception cref="InvalidOptionException">An unknown source, subject or camera, or an option out of range.</exception>
    public static RenderedImageDataView Load(RenderedImageOptions? options = null)
    {
        options ??= new RenderedImageOptions();
        Validate(options);
        CameraRig rig;
        IDataView poses;
        IReadOnlyList<string> known;
        switch (options.Source.Trim().ToLowerInvariant())
        {
            case "synthetic":
                var dataset = SyntheticMotion.Generate(new SyntheticMotionOptions { Seed = options.MotionSeed });
                rig = dataset.Rig;
                poses = dataset.Cameras;
                known = dataset.Bodies.Select(b => b.Subject).ToArray();
                break;
            case "cmu":
                rig = H36MCameras.Rig();
                var world = Datasets.Load("cmu").Cache();
                known = world.DistinctTexts(PoseColumns.Subject);
                poses = rig.Project(world.PlaceInRig(rig));
                break;
            default:
                throw new InvalidOptionException(nameof(options.Source), $"unknown source '{options.Source}'; expected synthetic or cmu");
        }
        foreach (var s in options.Subjects)
        {
            if (!known.Contains(s, StringComparer.Ordinal))
                throw new InvalidOptionException(nameof(options.Subjects), $"no subject '{s}' in {options.Source}; expected one of {string.Join(", ", known)}");
        }
        foreach (var c in options.Cameras)
        {
            if (c < 0 || c >= rig.Count) throw new InvalidOptionException(nameof(options.Cameras), $"camera {c} outside 0..{rig.Count - 1}");
        }
        var subjects = options.Subjects.IsDefaultOrEmpty ? null : options.Subjects.ToHashSet(StringComparer.Ordinal);
        var cameras = options.Cameras.IsDefaultOrEmpty ? null : options.Cameras.ToHashSet();
        var stride = options.FrameStride;
        var limit = options.FramesPerAction <= 0 ? long.MaxValue : (long)options.FramesPerAction * stride;
        if (subjects is not null || cameras is not null || stride > 1 || limit < long.MaxValue)
        {
            poses = poses.Filter([PoseColumns.Subject, PoseColumns.Camera, PoseColumns.Frame], (b, r) =>
            {
                var frame = b.GetInts(PoseColumns.Frame)[r];
                return frame % stride == 0 && frame < limit
                    && (cameras is null || cameras.Contains(b.GetInts(PoseColumns.Camera)[r]))
                    && (subjects is null || subjects.Contains(b.GetTexts(PoseColumns.Subject)[r]));
            });
        }
        return new RenderedImageDataView(poses, rig, options);
    }

    private static void Validate(RenderedImageOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.Source)) throw new InvalidOptionException(nameof(o.Source), "expected synthetic or cmu");
        if (o.ImageSize is < 16 or > 1024) throw new InvalidOptionException(nameof(o.ImageSize), $"must be in 16..1024, got {o.ImageSize}");
        if (o.FrameStride < 1) throw new InvalidOptionException(nameof(o.FrameStride), $"must be >= 1, got {o.FrameStride}");
        if (o.FramesPerAction < 0) throw new InvalidOptionException(nameof(o.FramesPerAction), $"must be >= 0, got {o.FramesPerAction}");
        if (!(o.Margin >= 1 && o.Margin <= 3)) throw new InvalidOptionException(nameof(o.Margin), $"must be in 1..3, got {o.Margin}");
        if (!(o.CropJitter >= 0 && o.CropJitter <= 0.5)) throw new InvalidOptionException(nameof(o.CropJitter), $"must be in 0..0.5, got {o.CropJitter}");
    }
}
