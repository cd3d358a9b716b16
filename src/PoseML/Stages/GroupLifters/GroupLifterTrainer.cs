using PoseML.Nn;
using PoseML.Nn.Modules;
using PoseML.Nn.Networks;
using PoseML.Nn.Optim;
using PoseML.Nn.Serialization;
using PoseML.Evaluation;
using PoseML.MLNet;
using PoseML.Stages.Consensus;

namespace PoseML.Stages.GroupLifters;

/// <summary>The training loop of <see cref="GroupLifterEstimator"/>: shuffled mini-batches, RMSProp with
/// per-epoch exponential decay, max-norm, L_lifting + L_aggre on de-normalised estimates, validation MPJPE
/// per epoch, early stopping that restores the best epoch's weights.</summary>
internal sealed class GroupLifterTrainer
{
    private readonly PoseRunContext _context;
    private readonly GroupLifterOptions _o;
    private readonly GroupLayout _layout;
    private readonly GroupNormalization _norm;
    private readonly int _joints;

    public GroupLifterTrainer(PoseRunContext context, GroupLifterOptions options, GroupLayout layout, GroupNormalization norm, int joints)
    {
        _context = context;
        _o = options;
        _layout = layout;
        _norm = norm;
        _joints = joints;
    }

    public (LifterNetwork Network, List<GroupLifterEpoch> History, int BestEpoch) Train(GroupLifterData train, GroupLifterData? valid)
    {
        var net = new LifterNetwork(_o.NetworkOptions(_layout.GroupCount, _layout.MaxGroupSize)) { MaxThreads = _o.MaxThreads };
        var parameters = net.Parameters();
        var weights = net.LinearLayers.SelectMany(l => l.NamedParameters()).Where(p => p.Name == "weight").Select(p => p.Parameter).ToArray();
        var optimizer = new RMSProp(parameters, (float)_o.LearningRate);
        var batchSize = Math.Min(_o.BatchSize, train.Rows);
        var stepsPerEpoch = Math.Max(1, train.Rows / batchSize);
        var schedule = new ExponentialDecay((float)_o.LearningRate, _o.LearningRateDecay, stepsPerEpoch);
        var fullLoss = new GroupLiftingLoss(_layout.Groups, _o.UseAggregationLoss, _o.AggregationWeight, _o.AggregationReading, _o.MaxThreads);
        var liftingOnly = new GroupLiftingLoss(_layout.Groups, useAggregation: false);

        // Whole training set prepared once: network inputs and targets (metres) per row.
        var inputs = PrepareInputs(train);
        var targets = PrepareTargetsMetres(train);
        var rows = _layout.Rows * 3;
        var x = new Tensor(new float[batchSize * _layout.NetworkInputs], batchSize, _layout.NetworkInputs);
        var estimates = new float[batchSize * rows];
        var batchTargets = new float[batchSize * rows];
        var gradRows = new float[batchSize * rows];
        var gradOut = new Tensor(new float[batchSize * _layout.NetworkOutputs], batchSize, _layout.NetworkOutputs);
        var order = Enumerable.Range(0, train.Rows).ToArray();
        var random = new Random(_o.Seed ?? 0);

        var history = new List<GroupLifterEpoch>();
        Dictionary<string, SafeTensor>? best = null;
        var bestEpoch = 0;
        var bestMpjpe = double.PositiveInfinity;
        for (var epoch = 1; epoch <= _o.Epochs; epoch++)
        {
            random.Shuffle(order);
            net.Train();
            var loss = epoch > _o.AggregationWarmupEpochs ? fullLoss : liftingOnly;
            double liftSum = 0, aggreSum = 0;
            var batches = 0;
            for (var start = 0; start + batchSize <= train.Rows; start += batchSize)
            {
                _context.ThrowIfCancellationRequested();
                for (var b = 0; b < batchSize; b++)
                {
                    var r = order[start + b];
                    inputs.AsSpan(r * _layout.NetworkInputs, _layout.NetworkInputs).CopyTo(x.Data.AsSpan(b * _layout.NetworkInputs));
                    targets.AsSpan(r * rows, rows).CopyTo(batchTargets.AsSpan(b * rows));
                }
                var y = net.Forward(x);
                _norm.ToMetres(_layout, y.Span, estimates);
                var (lift, aggre) = loss.Compute(estimates, batchTargets, gradRows);
                _norm.GradientToNetwork(_layout, gradRows, gradOut.Span);
                optimizer.ZeroGrad();
                net.Backward(gradOut);
                schedule.Apply(optimizer);
                optimizer.Step();
                if (_o.MaxNorm > 0)
                {
                    foreach (var w in weights) ParameterConstraints.MaxNorm(w.Value, _o.MaxNorm);
                }
                liftSum += lift;
                aggreSum += aggre;
                batches++;
            }
            var mpjpe = valid is null ? double.NaN : ValidationMpjpe(net, valid);
            history.Add(new GroupLifterEpoch(epoch, liftSum / Math.Max(1, batches), aggreSum / Math.Max(1, batches), mpjpe, optimizer.LearningRate));
            // Reported as root-mean-square error per stacked joint (mm), which reads better than m² per frame.
            var rmse = 1000 * Math.Sqrt((liftSum + aggreSum) / Math.Max(1, batches) / _layout.Rows);
            var message = valid is null
                ? $"epoch {epoch}/{_o.Epochs}: train loss {rmse:0.0} mm RMS"
                : $"epoch {epoch}/{_o.Epochs}: train loss {rmse:0.0} mm RMS, validation MPJPE {mpjpe:0.0} mm";
            _context.Report(epoch, _o.Epochs, message);
            if (valid is null || mpjpe < bestMpjpe)
            {
                bestMpjpe = valid is null ? bestMpjpe : mpjpe;
                bestEpoch = epoch;
                best = valid is null ? null : net.StateDict();
            }
            else if (_o.Patience > 0 && epoch - bestEpoch >= _o.Patience)
            {
                _context.Report(_o.Epochs, _o.Epochs, $"stopped early after epoch {epoch}; best epoch {bestEpoch} ({bestMpjpe:0.0} mm)");
                break;
            }
        }
        if (best is not null) net.LoadStateDict(best);
        net.Eval();
        return (net, history, bestEpoch);
    }

    private float[] PrepareInputs(GroupLifterData data)
    {
        var result = new float[data.Rows * _layout.NetworkInputs];
        var normalized = new float[_joints * 2];
        for (var r = 0; r < data.Rows; r++)
        {
            _norm.NormalizeInput(data.Keypoints.AsSpan(r * _joints * 2, _joints * 2), normalized);
            _layout.GatherInput(normalized, result.AsSpan(r * _layout.NetworkInputs, _layout.NetworkInputs));
        }
        return result;
    }

    private float[] PrepareTargetsMetres(GroupLifterData data)
    {
        var rows = _layout.Rows * 3;
        var result = new float[data.Rows * rows];
        for (var r = 0; r < data.Rows; r++)
        {
            var t = result.AsSpan(r * rows, rows);
            _layout.CentredTargets(data.Poses.AsSpan(r * _joints * 3, _joints * 3), t);
            for (var i = 0; i < t.Length; i++) t[i] *= 1e-3f;
        }
        return result;
    }

    /// <summary>Validation MPJPE (mm, Protocol 1) of the poses the least-squares consensus makes from the group
    /// estimates: the number the fitted pipeline is judged by (the l2,1 consensus starts from this solution),
    /// rather than the groups' own errors, which L_aggre can lower while the fused pose gets worse.</summary>
    private double ValidationMpjpe(LifterNetwork net, GroupLifterData data)
    {
        net.Eval();
        var inputs = PrepareInputs(data);
        var rows = _layout.Rows * 3;
        var poseSize = _joints * 3;
        const int chunk = 512;
        var estimates = new float[chunk * rows];
        var poses = new float[chunk * poseSize];
        var consensus = new ConsensusSolver(_layout.Groups, new ConsensusOptions { Solver = ConsensusSolverKind.LeastSquares, MaxThreads = _o.MaxThreads });
        double sum = 0;
        for (var start = 0; start < data.Rows; start += chunk)
        {
            _context.ThrowIfCancellationRequested();
            var n = Math.Min(chunk, data.Rows - start);
            var x = new Tensor(inputs.AsSpan(start * _layout.NetworkInputs, n * _layout.NetworkInputs).ToArray(), n, _layout.NetworkInputs);
            var y = net.Forward(x);
            var e = estimates.AsSpan(0, n * rows);
            _norm.ToMillimetres(_layout, y.Span, e);
            var p = poses.AsSpan(0, n * poseSize);
            consensus.Solve(e, [], p);
            foreach (var v in p)
            {
                if (!float.IsFinite(v)) return double.NaN; // diverged: never the best epoch
            }
            sum += PoseMetrics.Mpjpe(p, data.Poses.AsSpan(start * poseSize, n * poseSize), _joints) * n;
        }
        return sum / data.Rows;
    }
}
