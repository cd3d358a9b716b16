namespace PoseML.Stages.Consensus;

/// <summary>One batch's inputs, outputs and frame queue, shared by the worker threads. Pointers are
/// held because spans cannot cross into worker delegates; they are valid only inside
/// <see cref="ConsensusSolver.Solve"/>, which pins the caller's spans for the duration.</summary>
internal sealed unsafe class ConsensusJob
{
    internal ConsensusOptions Options = new();
    internal bool RefillLanes = true;
    internal int JointCount, RowCount;
    internal float* EstimatesPtr;
    internal float* PosesPtr;
    internal bool* MissingPtr;
    internal ConsensusFrameInfo* InfoPtr;
    internal int[] Order = [];
    private int _next, _end;

    internal void SetSegment(int start, int end) { _next = start; _end = end; }

    internal bool TryTake(out int frame)
    {
        var index = Interlocked.Increment(ref _next) - 1;
        if (index >= _end) { frame = -1; return false; }
        frame = Order[index];
        return true;
    }

    internal ReadOnlySpan<float> Estimates(int frame) => new(EstimatesPtr + (long)frame * RowCount * 3, RowCount * 3);

    /// <summary>Writes frame <paramref name="frame"/>'s pose from X slots stored at <paramref name="x"/>
    /// [offset + slot·3·stride + c·stride], applying the gauge and NaN for missing joints.</summary>
    internal void WritePose(ConsensusPattern pattern, int frame, double[] x, int stride, int offset, ConsensusFrameInfo info)
    {
        var n = JointCount;
        var pose = new Span<float>(PosesPtr + (long)frame * n * 3, n * 3);
        double cx = 0, cy = 0, cz = 0;
        var centre = Options.Gauge == ConsensusGauge.Centroid || !pattern.RootSeen;
        if (centre && pattern.Anchor >= 0)
        {
            var determined = 0;
            for (var i = 0; i < n; i++)
            {
                var slot = pattern.JointSlot[i];
                if (slot < 0) continue;
                var o = offset + slot * 3 * stride;
                cx += x[o]; cy += x[o + stride]; cz += x[o + 2 * stride];
                determined++;
            }
            cx /= determined; cy /= determined; cz /= determined;
        }
        for (var i = 0; i < n; i++)
        {
            var slot = pattern.JointSlot[i];
            if (slot < 0)
            {
                pose[3 * i] = pose[3 * i + 1] = pose[3 * i + 2] = float.NaN;
            }
            else
            {
                var o = offset + slot * 3 * stride;
                pose[3 * i] = (float)(x[o] - cx);
                pose[3 * i + 1] = (float)(x[o + stride] - cy);
                pose[3 * i + 2] = (float)(x[o + 2 * stride] - cz);
            }
            if (MissingPtr != null) MissingPtr[(long)frame * n + i] = slot < 0;
        }
        if (InfoPtr != null) InfoPtr[frame] = info;
    }
}
