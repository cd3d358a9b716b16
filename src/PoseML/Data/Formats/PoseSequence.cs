namespace PoseML.Data.Formats;

/// <summary>One sequence of a <see cref="PoseSequenceDataView"/>: its keys, its frame count and how to
/// produce the pose (and confidence) values of a run of its frames on demand.</summary>
internal abstract class PoseSequence(PoseSequenceInfo info)
{
    public PoseSequenceInfo Info { get; } = info;

    /// <summary>Frame number of the sequence's <paramref name="index"/>-th row (default: the index).</summary>
    public virtual int FrameNumber(int index) => index;

    /// <summary>Writes rows <c>[start, start + count)</c>: <paramref name="pose"/> gets count × J × D values;
    /// <paramref name="confidence"/> (empty for 3D) gets count × J values in [0, 1].</summary>
    public abstract void Fill(int start, int count, Span<float> pose, Span<float> confidence);
}

/// <summary>A sequence held as float arrays in PoseML's layout (COCO rows, tests).</summary>
internal sealed class BufferPoseSequence(PoseSequenceInfo info, int[] frames, float[] pose, float[]? confidence) : PoseSequence(info)
{
    public override int FrameNumber(int index) => frames[index];

    public override void Fill(int start, int count, Span<float> poseOut, Span<float> confidenceOut)
    {
        var perRow = pose.Length / frames.Length;
        pose.AsSpan(start * perRow, count * perRow).CopyTo(poseOut);
        if (confidence is not null && !confidenceOut.IsEmpty)
        {
            var joints = confidence.Length / frames.Length;
            confidence.AsSpan(start * joints, count * joints).CopyTo(confidenceOut);
        }
    }
}

/// <summary>A sequence read from a numpy array <c>[frames, source joints, channels]</c> (float32 or float64):
/// joints are selected by <c>kept</c>, coordinates scaled (in the array's own precision, then rounded to
/// float32, as numpy's <c>(a * scale).astype(float32)</c> would). For 2D, a third channel is the confidence;
/// with four channels (Detectron's x, y, logit, probability) the fourth is.</summary>
internal sealed class ArrayPoseSequence : PoseSequence
{
    private readonly float[]? _f32;
    private readonly double[]? _f64;
    private readonly int _sourceJoints, _channels, _dims;
    private readonly int[] _kept;
    private readonly float _scale;

    public ArrayPoseSequence(PoseSequenceInfo info, float[]? f32, double[]? f64, int sourceJoints, int channels, int[] kept, int dims, float scale)
        : base(info)
    {
        _f32 = f32;
        _f64 = f64;
        _sourceJoints = sourceJoints;
        _channels = channels;
        _kept = kept;
        _dims = dims;
        _scale = scale;
    }

    private double Value(long index) => _f32 is not null ? _f32[index] : _f64![index];

    public override void Fill(int start, int count, Span<float> pose, Span<float> confidence)
    {
        var joints = _kept.Length;
        var confidenceChannel = _dims != 2 ? -1 : _channels switch { 3 => 2, 4 => 3, _ => -1 };
        for (var r = 0; r < count; r++)
        {
            var frameBase = (long)(start + r) * _sourceJoints * _channels;
            for (var j = 0; j < joints; j++)
            {
                var src = frameBase + (long)_kept[j] * _channels;
                var missing = false;
                for (var d = 0; d < _dims; d++)
                {
                    float v;
                    if (_f32 is not null) v = _scale == 1f ? _f32[src + d] : _f32[src + d] * _scale;
                    else v = (float)(_f64![src + d] * _scale);
                    missing |= float.IsNaN(v);
                    pose[(r * joints + j) * _dims + d] = v;
                }
                if (_dims != 2 || confidence.IsEmpty) continue;
                var c = confidenceChannel >= 0 ? (float)Value(src + confidenceChannel) : 1f;
                confidence[r * joints + j] = missing || float.IsNaN(c) ? 0f : Math.Clamp(c, 0f, 1f);
            }
        }
    }
}
