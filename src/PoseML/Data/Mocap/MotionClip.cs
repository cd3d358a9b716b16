using PoseML.Core;
using PoseML.Data.View;

namespace PoseML.Data.Mocap;

/// <summary>One take of motion: joint positions per frame in the world frame (Y up, millimetres) on
/// a <see cref="Skeleton"/>, with the subject and action it belongs to and its frame rate.
/// Immutable; <see cref="ToDataView"/> turns it into the canonical pose columns.</summary>
public sealed class MotionClip
{
    private readonly float[] _positions;

    /// <summary>Creates a clip. <paramref name="positions"/> holds <c>frames × J × 3</c> values (mm),
    /// frame-major, joints in <paramref name="skeleton"/> order; it is not copied.</summary>
    /// <exception cref="InvalidOptionException">The length is not a whole number of frames, or the frame rate is not positive.</exception>
    public MotionClip(string subject, string action, double frameRate, Skeleton skeleton, float[] positions)
    {
        ArgumentNullException.ThrowIfNull(skeleton);
        ArgumentNullException.ThrowIfNull(positions);
        if (!(frameRate > 0) || double.IsInfinity(frameRate))
            throw new InvalidOptionException(nameof(frameRate), $"frame rate must be a positive number of frames per second, got {frameRate}");
        var perFrame = skeleton.JointCount * 3;
        if (positions.Length % perFrame != 0)
            throw new InvalidOptionException(nameof(positions), $"{positions.Length} values is not a whole number of frames of {skeleton.JointCount} joints × 3");
        Subject = subject;
        Action = action;
        FrameRate = frameRate;
        Skeleton = skeleton;
        _positions = positions;
        FrameCount = positions.Length / perFrame;
    }

    /// <summary>Subject identifier, e.g. <c>CMU01</c>.</summary>
    public string Subject { get; }

    /// <summary>Action name, e.g. <c>Jump 01</c>.</summary>
    public string Action { get; }

    /// <summary>Frames per second.</summary>
    public double FrameRate { get; }

    /// <summary>The joints the positions refer to.</summary>
    public Skeleton Skeleton { get; }

    /// <summary>Number of frames.</summary>
    public int FrameCount { get; }

    /// <summary>All positions, <c>FrameCount × J × 3</c> millimetres, frame-major.</summary>
    public ReadOnlySpan<float> Positions => _positions;

    /// <summary>The <c>J × 3</c> positions of frame <paramref name="frame"/>.</summary>
    public ReadOnlySpan<float> Frame(int frame)
    {
        if ((uint)frame >= (uint)FrameCount)
            throw new ArgumentOutOfRangeException(nameof(frame), $"frame {frame} is outside 0..{FrameCount - 1}");
        var n = Skeleton.JointCount * 3;
        return _positions.AsSpan(frame * n, n);
    }

    /// <summary>Position of joint <paramref name="joint"/> in frame <paramref name="frame"/> (mm).</summary>
    public (float X, float Y, float Z) Position(int frame, int joint)
    {
        var f = Frame(frame);
        return (f[joint * 3], f[joint * 3 + 1], f[joint * 3 + 2]);
    }

    /// <summary>A copy with other subject and action names.</summary>
    public MotionClip WithNames(string subject, string action) => new(subject, action, FrameRate, Skeleton, _positions);

    /// <summary>Keeps the frames nearest to a <paramref name="frameRate"/> grid starting at the first
    /// frame (see <see cref="FrameResampler"/>); an integer ratio keeps every n-th frame.</summary>
    /// <exception cref="InvalidOptionException">The rate is not positive or above the clip's rate.</exception>
    public MotionClip Resample(double frameRate)
    {
        var keep = FrameResampler.Select(FrameCount, FrameRate, frameRate);
        return new MotionClip(Subject, Action, frameRate, Skeleton, Gather(keep));
    }

    /// <summary>A copy holding only frames <paramref name="frames"/>, in that order, at the same rate.</summary>
    public MotionClip SelectFrames(ReadOnlySpan<int> frames) => new(Subject, Action, FrameRate, Skeleton, Gather(frames));

    private float[] Gather(ReadOnlySpan<int> frames)
    {
        var n = Skeleton.JointCount * 3;
        var result = new float[frames.Length * n];
        for (var i = 0; i < frames.Length; i++) Frame(frames[i]).CopyTo(result.AsSpan(i * n, n));
        return result;
    }

    /// <summary>The clip as a data view with the canonical columns: <see cref="PoseColumns.Subject"/>,
    /// <see cref="PoseColumns.Action"/> (text), <see cref="PoseColumns.Camera"/> (int, always
    /// <see cref="PoseColumns.NoCamera"/>), <see cref="PoseColumns.Frame"/> (int, 0-based at the clip's
    /// rate) and <see cref="PoseColumns.Pose3D"/> (float [J,3], mm, world frame). Ready for
    /// <c>PoseCsv.Write</c> and <c>DataViews.Concat</c>.</summary>
    public InMemoryDataView ToDataView() => new DataViewBuilder()
        .AddText(PoseColumns.Subject, Enumerable.Repeat(Subject, FrameCount).ToArray())
        .AddText(PoseColumns.Action, Enumerable.Repeat(Action, FrameCount).ToArray())
        .AddInt(PoseColumns.Camera, Enumerable.Repeat(PoseColumns.NoCamera, FrameCount).ToArray())
        .AddInt(PoseColumns.Frame, Enumerable.Range(0, FrameCount).ToArray())
        .AddFloat(PoseColumns.Pose3D, _positions, Skeleton.JointCount, 3)
        .Build();

    /// <inheritdoc />
    public override string ToString() => $"{Subject} / {Action}: {FrameCount} frames at {FrameRate:0.###} fps on {Skeleton.Name}";
}
