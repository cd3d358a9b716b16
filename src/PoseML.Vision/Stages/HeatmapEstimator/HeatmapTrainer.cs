using Microsoft.ML;
using PoseML.MLNet;
using PoseML.Vision.Networks.Hourglass;
using TorchSharp;
using static TorchSharp.torch;

namespace PoseML.Vision.Stages.HeatmapEstimator;

/// <summary>One training run of the stacked hourglass: seeded initialisation, then per epoch a seeded shuffle of the
/// view (ML.NET's pool shuffle) streamed in batches, Adam on the paper's L_2d — the mean squared error between every
/// stack's heatmaps and the Gaussian targets, summed over stacks (intermediate supervision), unlabelled joints
/// weighted 0. Reports progress per batch and checks cancellation between batches.</summary>
internal sealed class HeatmapTrainer(HeatmapEstimatorOptions options, PoseRunContext run, int seed)
{
    /// <summary>Per-epoch mean loss of the last run.</summary>
    public List<double> EpochLosses { get; } = new();

    public StackedHourglass Train(IDataView data, HeatmapTrainingData columns)
    {
        var device = TorchDevices.Parse(options.Device);
        if (options.Threads > 0) set_num_threads(options.Threads);
        var shape = options.Shape(columns.Joints);
        var net = StackedHourglass.Create(shape, seed);
        net.to(device);
        var rows = data.GetRowCount();
        var batchesPerEpoch = rows is { } n ? (n + options.BatchSize - 1) / options.BatchSize : (long?)null;
        var total = batchesPerEpoch is { } b ? b * options.Epochs : options.Epochs;
        var ml = new MLContext(seed);
        using var optimizer = optim.Adam(net.parameters(), options.LearningRate);
        long step = 0;
        var h = shape.HeatmapSize;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            net.train();
            var view = options.ShufflePoolSize > 1
                ? ml.Data.ShuffleRows(data, seed: unchecked(seed + epoch), shufflePoolSize: options.ShufflePoolSize, shuffleSource: false)
                : data;
            double sum = 0;
            var batches = 0;
            foreach (var batch in columns.Read(view, options.BatchSize, run))
            {
                using var scope = NewDisposeScope();
                var x = tensor(batch.Images, [batch.Rows, 3, shape.InputSize, shape.InputSize], device: device);
                var target = tensor(batch.Targets, [batch.Rows, 1, shape.Joints, h, h], device: device);
                var weight = tensor(batch.Weights, [batch.Rows, 1, shape.Joints, 1, 1], device: device);
                var output = net.forward(x); // [B, stacks, J, h, h]
                var loss = ((output - target).square() * weight).mean() * shape.Stacks;
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                sum += loss.item<float>();
                batches++;
                step++;
                if (batchesPerEpoch is not null) run.Report(step, total, $"epoch {epoch}/{options.Epochs}, batch {batches}/{batchesPerEpoch}: loss {sum / batches:G4}");
                run.ThrowIfCancellationRequested();
            }
            var mean = sum / Math.Max(1, batches);
            EpochLosses.Add(mean);
            var message = $"epoch {epoch}/{options.Epochs}: L_2d {mean:G4}";
            run.Report(batchesPerEpoch is null ? epoch : step, total, message);
            run.Log(message);
        }
        net.eval();
        return net;
    }
}
