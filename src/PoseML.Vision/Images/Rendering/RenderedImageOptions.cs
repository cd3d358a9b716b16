using System.Collections.Immutable;
using PoseML.MLNet;

namespace PoseML.Vision.Images.Rendering;

/// <summary>Options of <see cref="RenderedImages"/> (<c>mlContext.Data.LoadRenderedImages</c>). The same
/// options give the same images, bit for bit, whatever the batch size of the reader.</summary>
public sealed record RenderedImageOptions
{
    /// <summary>Motion source: <c>synthetic</c> (the <c>Datasets.Load("synthetic")</c> motion, subjects
    /// <c>SynthS1</c>…<c>SynthS6</c>) or <c>cmu</c> (the shipped CMU sample placed in the Human3.6M S1 rig, subjects
    /// <c>CMU01</c>…); default <see cref="RenderedImageDefaults.Source"/>.</summary>
    [Choice("synthetic", "cmu")]
    public string Source { get; init; } = RenderedImageDefaults.Source;

    /// <summary>Subjects to render (e.g. <c>SynthS1</c>); empty (default) renders all.</summary>
    public ImmutableArray<string> Subjects { get; init; } = [];

    /// <summary>Cameras to render (0–3, Human3.6M's four); empty (default) renders all.</summary>
    public ImmutableArray<int> Cameras { get; init; } = [];

    /// <summary>Keep frames whose number is a multiple of this; default <see cref="RenderedImageDefaults.FrameStride"/>.</summary>
    [Range(1, 1000)]
    public int FrameStride { get; init; } = RenderedImageDefaults.FrameStride;

    /// <summary>At most this many (kept) frames per subject, action and camera; 0 (default) keeps all.</summary>
    [Range(0, 100000)]
    public int FramesPerAction { get; init; }

    /// <summary>Side S of the square images, pixels; default <see cref="RenderedImageDefaults.ImageSize"/>.</summary>
    [Range(16, 1024)]
    public int ImageSize { get; init; } = RenderedImageDefaults.ImageSize;

    /// <summary>Seed of the appearance (per subject) and of backgrounds and lighting (per row).</summary>
    public int Seed { get; init; }

    /// <summary>Seed of the synthetic motion; default 0, the motion (and 2D/3D labels) of
    /// <c>Datasets.Load("synthetic")</c>. Ignored for <c>cmu</c>.</summary>
    public int MotionSeed { get; init; }

    /// <summary>Side of the square crop as a multiple of the longer side of the projected joints' bounding box;
    /// default <see cref="RenderedImageDefaults.Margin"/>.</summary>
    [Range(1.0, 3.0)]
    public double Margin { get; init; } = RenderedImageDefaults.Margin;

    /// <summary>Crop augmentation: each row's square is scaled by a factor in [1 − j, 1 + j] and its centre moved by up to
    /// j × its side along x and y, drawn from the row's seed (the labels stay exact: CropToImage records the crop); default 0
    /// (centred). 0.15 is a usual training setting.</summary>
    [Range(0.0, 0.5)]
    public double CropJitter { get; init; }
}

/// <summary>Defaults of <see cref="RenderedImageOptions"/>.</summary>
public static class RenderedImageDefaults
{
    /// <summary>The synthetic motion.</summary>
    public const string Source = "synthetic";

    /// <summary>Every 10th frame (50 frames per synthetic take, 15,600 images over 6 subjects, 13 actions, 4 cameras).</summary>
    public const int FrameStride = 10;

    /// <summary>256 pixels (the hourglass network's input).</summary>
    public const int ImageSize = 256;

    /// <summary>1.3: the person fills about three quarters of the square.</summary>
    public const double Margin = 1.3;
}
