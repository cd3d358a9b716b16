namespace PoseML.Data.Mocap.Cmu;

/// <summary>Options of the CMU → Human3.6M-17 conversions in <see cref="CmuMocap"/>.</summary>
public sealed record CmuConversionOptions
{
    /// <summary>Output frame rate (default 30 fps, the rate of the shipped pose tables).</summary>
    public double FrameRate { get; init; } = 30;

    /// <summary>Subject name; null derives it from the file name (<c>01_01.bvh</c> → <c>CMU01</c>).</summary>
    public string? Subject { get; init; }

    /// <summary>Action name; null derives it from the file name and the known CMU takes
    /// (<c>01_01</c> → <c>Jump 01</c>; unknown takes → <c>Take 01</c>).</summary>
    public string? Action { get; init; }

    /// <summary>Frame rate of the source; null reads it from the BVH <c>Frame Time</c>, or assumes
    /// CMU's 120 fps for AMC (which does not store its rate).</summary>
    public double? SourceFrameRate { get; init; }

    /// <summary>Millimetres per file unit; null uses CMU's scale, <c>25.4 / 0.45</c> (≈ 56.444) for BVH
    /// and <c>25.4 / length</c> from the ASF's <c>:units length</c> for ASF/AMC.</summary>
    public double? MillimetresPerUnit { get; init; }

    /// <summary>Whether to drop an added rest-pose frame 0 (BVH only; default: detect it).</summary>
    public RestPoseFrame RestPose { get; init; } = RestPoseFrame.Auto;

    /// <summary>BVH only: give zero-offset children of the upper spine (the joint where the neck and
    /// both arms branch) the upper spine's own offset, restoring the thorax bone cgspeed's conversion
    /// dropped (default true).</summary>
    public bool RestoreThorax { get; init; } = true;

    /// <summary>BVH only: the joint naming to use; null detects the cgspeed release from the joint names.</summary>
    public CmuBvhNaming? Naming { get; init; }
}
