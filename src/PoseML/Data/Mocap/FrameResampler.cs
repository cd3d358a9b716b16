using PoseML.Core;

namespace PoseML.Data.Mocap;

/// <summary>Chooses which frames of a take to keep when lowering its frame rate. No interpolation:
/// every kept frame is a recorded pose. Output frame k is the source frame nearest to time
/// <c>k / target</c>, i.e. source index <c>round(k · source / target)</c> (halves round up), for
/// every k whose index lies in the take. When the ratio is a whole number n (within 0.1 %, so a frame
/// time of 0.0083333 s counts as 120 fps) this is exactly "every n-th frame from the first"; a
/// non-integer ratio (e.g. 120 → 50 fps, 2.4) gives unevenly spaced indices (0, 2, 5, 7, 10, …) whose
/// times are within half a source frame of the target grid.</summary>
public static class FrameResampler
{
    /// <summary>Relative tolerance under which a source/target ratio counts as a whole number.</summary>
    public const double IntegerRatioTolerance = 1e-3;

    /// <summary>Indices of the source frames to keep, ascending.</summary>
    /// <exception cref="InvalidOptionException">A rate is not positive, or the target exceeds the source (no upsampling).</exception>
    public static int[] Select(int frameCount, double sourceRate, double targetRate)
    {
        if (!(sourceRate > 0) || double.IsInfinity(sourceRate))
            throw new InvalidOptionException("source-fps", $"source frame rate must be positive, got {sourceRate}");
        if (!(targetRate > 0) || double.IsInfinity(targetRate))
            throw new InvalidOptionException("fps", $"target frame rate must be positive, got {targetRate}");
        if (targetRate > sourceRate * (1 + IntegerRatioTolerance))
            throw new InvalidOptionException("fps", $"target frame rate {targetRate:0.###} is above the source rate {sourceRate:0.###}; frames are only dropped, never invented");
        if (frameCount <= 0) return [];
        var ratio = sourceRate / targetRate;
        var whole = Math.Round(ratio);
        if (Math.Abs(ratio - whole) <= IntegerRatioTolerance * ratio)
        {
            var step = (int)whole;
            var result = new int[(frameCount + step - 1) / step];
            for (var i = 0; i < result.Length; i++) result[i] = i * step;
            return result;
        }
        var kept = new List<int>();
        for (var k = 0; ; k++)
        {
            var index = (long)Math.Floor(k * ratio + 0.5);
            if (index >= frameCount) break;
            kept.Add((int)index);
        }
        return [.. kept];
    }
}
