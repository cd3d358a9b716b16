
using PoseML.Data;

namespace PoseML.Evaluation;

/// <summary>Running sums of every metric of a <see cref="PoseMetricsReport"/>, fed one matched frame at a
/// time, so an evaluation is one streaming pass. Holds O(joints) state plus one previous frame per
/// sequence (for the velocity error) and one entry per action.</summary>
internal sealed class MetricsAccumulator
{
    private readonly int _joints;
    private readonly Skeleton? _skeleton;
    private readonly bool _skipMissing;
    private readonly double[] _jointSum;
    private readonly long[] _jointCount;
    private readonly long[] _firstBelow = new long[PoseFrame.PckThresholdCount + 1];
    private readonly Dictionary<string, ActionSums> _actions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string, int), PreviousFrame> _previous = [];
    private int _frames;
    private long _missing;
    private double _mpjpeSum, _paSum, _nSum, _velocitySum, _symmetrySum;
    private long _mpjpeCount, _paCount, _nCount, _velocityCount, _symmetryCount, _pckCount;

    public MetricsAccumulator(int joints, Skeleton? skeleton, bool skipMissing)
    {
        _joints = joints;
        _skeleton = skeleton;
        _skipMissing = skipMissing;
        _jointSum = new double[joints];
        _jointCount = new long[joints];
    }

    /// <summary>Adds one frame: predicted pose <paramref name="p"/> and ground truth <paramref name="t"/>
    /// (both <c>joints × 3</c>; the caller has checked that <paramref name="t"/> is finite and that
    /// <paramref name="p"/> has NaN only where missing joints are allowed). <paramref name="key"/> gives
    /// the action and, when <paramref name="hasFrame"/>, the sequence for the velocity error.</summary>
    public void Add(ReadOnlySpan<float> p, ReadOnlySpan<float> t, PoseKey key, bool hasFrame)
    {
        var joints = _joints;
        if (_skipMissing && PoseFrame.IsMissing(p, 0))
        {
            // Without its root a prediction cannot be root-aligned: the frame is left out.
            _missing += joints;
            return;
        }
        _frames++;
        double frameSum = 0;
        var frameCount = 0;
        for (var j = 0; j < joints; j++)
        {
            if (_skipMissing && PoseFrame.IsMissing(p, j)) { _missing++; continue; }
            var d = PoseFrame.Distance(p, t, j, rootAlign: true);
            frameSum += d;
            frameCount++;
            _jointSum[j] += d;
            _jointCount[j]++;
            if (j > 0)
            {
                _firstBelow[PoseFrame.FirstThresholdAbove(d)]++;
                _pckCount++;
            }
        }
        _mpjpeSum += frameSum;
        _mpjpeCount += frameCount;

        var paSum = SimilarityAlignment.ErrorSum(p, t, joints, _skipMissing, out var paCount);
        _paSum += paSum;
        _paCount += paCount;
        _nSum += PoseFrame.ScaledErrorSum(p, t, joints, rootAlign: true, _skipMissing, out var nCount);
        _nCount += nCount;

        if (!_actions.TryGetValue(key.Action, out var action)) _actions[key.Action] = action = new ActionSums();
        action.Frames++;
        action.MpjpeSum += frameSum;
        action.MpjpeCount += frameCount;
        action.PaSum += paSum;
        action.PaCount += paCount;

        if (_skeleton is not null)
        {
            _symmetrySum += PoseFrame.SymmetrySum(p, _skeleton.Left.AsSpan(), _skeleton.Right.AsSpan(), _skeleton.Parents.AsSpan(), _skipMissing, out var pairs);
            _symmetryCount += pairs;
        }

        if (hasFrame) AddVelocity(p, t, key);
    }

    private void AddVelocity(ReadOnlySpan<float> p, ReadOnlySpan<float> t, PoseKey key)
    {
        var sequence = (key.Subject, key.Action, key.Camera);
        if (_previous.TryGetValue(sequence, out var prev))
        {
            if (prev.Frame != int.MaxValue && key.Frame == prev.Frame + 1)
            {
                for (var j = 0; j < _joints; j++)
                {
                    if (_skipMissing && (PoseFrame.IsMissing(p, j) || PoseFrame.IsMissing(prev.Predicted, j))) continue;
                    _velocitySum += PoseFrame.VelocityDistance(prev.Predicted, p, prev.Truth, t, j, rootAlign: true);
                    _velocityCount++;
                }
            }
        }
        else _previous[sequence] = prev = new PreviousFrame(_joints);
        prev.Frame = key.Frame;
        p.CopyTo(prev.Predicted);
        t.CopyTo(prev.Truth);
    }

    /// <summary>The report of everything added so far.</summary>
    public PoseMetricsReport ToReport(IReadOnlyList<string> jointNames)
    {
        var perJoint = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var j = 0; j < _joints; j++) perJoint[jointNames[j]] = Mean(_jointSum[j], _jointCount[j]);
        var perAction = new Dictionary<string, ActionMetrics>(StringComparer.Ordinal);
        foreach (var (name, a) in _actions.OrderBy(a => a.Key, StringComparer.Ordinal))
            perAction[name] = new ActionMetrics(a.Frames, Mean(a.MpjpeSum, a.MpjpeCount), Mean(a.PaSum, a.PaCount));
        long hits = 0;
        for (var k = 0; k <= 30; k++) hits += _firstBelow[k]; // below 150 mm = first threshold index ≤ 30
        return new PoseMetricsReport
        {
            Frames = _frames,
            Mpjpe = Mean(_mpjpeSum, _mpjpeCount),
            PaMpjpe = Mean(_paSum, _paCount),
            NMpjpe = Mean(_nSum, _nCount),
            Pck150 = _pckCount == 0 ? double.NaN : 100.0 * hits / _pckCount,
            Auc = PoseMetrics.AucFromHistogram(_firstBelow, _pckCount),
            PerJoint = perJoint,
            PerAction = perAction,
            Mpjve = _velocityCount == 0 ? null : _velocitySum / _velocityCount,
            BoneSymmetry = _symmetryCount == 0 ? null : _symmetrySum / _symmetryCount,
            MissingJoints = _missing,
        };
    }

    private static double Mean(double sum, long count) => count == 0 ? double.NaN : sum / count;

    private sealed class ActionSums
    {
        public int Frames;
        public double MpjpeSum, PaSum;
        public long MpjpeCount, PaCount;
    }

    private sealed class PreviousFrame(int joints)
    {
        public int Frame = int.MaxValue;
        public readonly float[] Predicted = new float[joints * 3];
        public readonly float[] Truth = new float[joints * 3];
    }
}
