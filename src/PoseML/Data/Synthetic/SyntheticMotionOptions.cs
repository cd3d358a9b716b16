using System.Collections.Immutable;
using PoseML.Data.Cameras;

namespace PoseML.Data.Synthetic;

/// <summary>Options of <see cref="SyntheticMotion.Generate"/>. The same options (seed included) give
/// the same data, bit for bit.</summary>
public sealed record SyntheticMotionOptions
{
    /// <summary>Seed of every random choice (body proportions, take parameters).</summary>
    public int Seed { get; init; }

    /// <summary>Number of subjects, <c>SynthS1</c>…; default 6. Subject k's body and motion do not depend
    /// on how many subjects are generated.</summary>
    public int Subjects { get; init; } = 6;

    /// <summary>Actions to generate; default all of <see cref="SyntheticAction"/>.</summary>
    public ImmutableArray<SyntheticAction> Actions { get; init; } = [.. Enum.GetValues<SyntheticAction>()];

    /// <summary>Takes per subject and action, named <c>Walk 1</c>, <c>Walk 2</c>, …; default 1.</summary>
    public int TakesPerAction { get; init; } = 1;

    /// <summary>Frames per take; default 500 (10 s at 50 fps).</summary>
    public int FramesPerTake { get; init; } = 500;

    /// <summary>Frame rate; default 50 (Human3.6M). Motion speed is in real time, so 30 fps gives the
    /// same movements sampled more coarsely.</summary>
    public double FramesPerSecond { get; init; } = 50;

    /// <summary>The cameras; default Human3.6M's four cameras placed as for S1. World frame: Z up, mm,
    /// floor at Z = 0; subjects move around <see cref="CameraRig.FloorCentre"/>.</summary>
    public CameraRig? Rig { get; init; }

    /// <summary>Lens model of the 2D keypoints; default <see cref="ProjectionModel.Distorted"/>.</summary>
    public ProjectionModel Projection { get; init; } = ProjectionModel.Distorted;
}
