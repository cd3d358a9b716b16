using System.Diagnostics;
using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Evaluation;
using PoseML.MLNet;
using PoseML.Pipeline.Evaluation;
using PoseML.Stages.DeepPoseConsensus;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.Regression;

namespace PoseML.Workflows;

/// <summary>A model the quickstart trains: a name and how to build its ML.NET estimator from a context and the run's seed.</summary>
public sealed record QuickstartModel(string Name, string Description, Func<MLContext, int, IEstimator<ITransformer>> Create);

/// <summary>Options of <see cref="Quickstart.Run"/>.</summary>
public sealed record QuickstartOptions
{
    /// <summary>Seed of the subject split and of every model.</summary>
    public int Seed { get; init; }

    /// <summary>Fraction of each dataset's subjects held out for testing.</summary>
    public double TestFraction { get; init; } = 0.34;

    /// <summary>Whether the CMU sample joins the synthetic data.</summary>
    public bool IncludeCmu { get; init; } = true;

    /// <summary>Folder the fitted models are saved to (<c>&lt;model&gt;.zip</c>, ML.NET models written atomically with
    /// <c>mlContext.Model.Save</c>; load them with <c>mlContext.Model.Load</c>); null saves nothing.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>The models to train; null uses <see cref="Quickstart.DefaultModels"/>.</summary>
    public IReadOnlyList<QuickstartModel>? Models { get; init; }
}

/// <summary>One line of the quickstart's comparison table: a model's metrics on one test set.</summary>
public sealed record QuickstartRow(string Model, string Dataset, PoseMetricsReport Metrics);

/// <summary>What <see cref="Quickstart.Run"/> did: the table, the held-out subjects, fit times and saved files.</summary>
public sealed record QuickstartResult(
    IReadOnlyList<QuickstartRow> Rows,
    IReadOnlyDictionary<string, IReadOnlyList<string>> TestSubjects,
    IReadOnlyDictionary<string, double> FitSeconds,
    IReadOnlyList<string> SavedModels,
    long TrainRows);

/// <summary>The README's main job: trains each model on the shipped data (synthetic subjects and the
/// CMU sample through the Human3.6M cameras), holding out subjects, evaluates each model on each
/// dataset's held-out subjects with the standard metrics (Protocols 1 and 2), and saves the models.</summary>
public static class Quickstart
{
    /// <summary>The linear 2D→3D baseline: ML.NET's <c>NormalizeMeanVariance(fixZero: false)</c> (a z-score) on the
    /// keypoints, then PoseML's closed-form ridge regression (<c>LinearLifter</c>).</summary>
    public static QuickstartModel Linear { get; } = new("linear", "z-scored 2D keypoints → ridge regression to 3D (baseline)",
        (ml, _) => ml.Transforms.NormalizeMeanVariance(PoseColumns.Keypoints2D, fixZero: false)
            .Append(ml.Transforms.LinearLifter(labelColumnName: PoseColumns.Pose3D)));

    /// <summary>The Martinez et al. baseline sized for a quick CPU run: one ReLU lifter of width 256, 3 epochs.</summary>
    public static QuickstartModel Martinez { get; } = new("martinez", "one lifter for all joints (Martinez et al., ReLU), width 256, 3 epochs",
        (ml, seed) => ml.Transforms.Martinez(DeepPoseConsensusOptions.Martinez.Lifter with { Width = 256, Epochs = 3, BatchSize = 256, Dropout = 0.2f, Seed = seed }));

    /// <summary>Deep Pose Consensus Networks sized for a quick CPU run: the paper's groups (n_g = m_g = 10),
    /// lifters of width 64, 3 epochs, l2,1 consensus, trained with L_lifting only: at this budget L_aggre
    /// costs accuracy (docs/results.md, Table 5 analogue), so the quickstart leaves it out.</summary>
    public static QuickstartModel Dpcn { get; } = new("dpcn", "joint groups (n_g = m_g = 10) → group lifters of width 64, 3 epochs, no L_aggre → l2,1 consensus",
        (ml, seed) => ml.Transforms.DeepPoseConsensus(DeepPoseConsensusOptions.Dpcn with
        {
            Lifter = DeepPoseConsensusOptions.Dpcn.Lifter with { Width = 64, Epochs = 3, BatchSize = 256, Dropout = 0.2f, UseAggregationLoss = false, Seed = seed },
        }));

    /// <summary>The models trained by default: the linear baseline, the Martinez baseline and DPCN.</summary>
    public static IReadOnlyList<QuickstartModel> DefaultModels { get; } = [Linear, Martinez, Dpcn];

    /// <summary>Runs the quickstart with ML.NET models; progress and cancellation come from <paramref name="mlContext"/>
    /// (<c>SetPoseProgress</c>, <c>SetPoseCancellation</c>).</summary>
    public static QuickstartResult Run(MLContext mlContext, QuickstartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var run = PoseRun.For(mlContext.Transforms, "Quickstart");
        options ??= new QuickstartOptions();
        var splits = QuickstartData.Load(options.Seed, options.TestFraction, options.IncludeCmu);
        var train = splits.Select(s => s.Train).Aggregate((a, b) => a.Concat(b)).Cache();
        var rows = new List<QuickstartRow>();
        var fitSeconds = new Dictionary<string, double>();
        var saved = new List<string>();
        foreach (var model in options.Models ?? DefaultModels)
        {
            run.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var fitted = model.Create(mlContext, options.Seed).Fit(train);
            fitSeconds[model.Name] = clock.Elapsed.TotalSeconds;
            foreach (var split in splits)
                rows.Add(new QuickstartRow(model.Name, split.Name, mlContext.Regression.EvaluatePoses(fitted.Transform(split.Test))));
            if (options.OutputDirectory is { } dir)
            {
                var path = Path.Combine(dir, model.Name + ".zip");
                AtomicFile.Write(path, stream => TrainingHistoryEntry.SaveModel(mlContext, fitted, train.Schema, stream));
                saved.Add(path);
            }
        }
        return new QuickstartResult(rows, splits.ToDictionary(s => s.Name, s => s.TestSubjects), fitSeconds, saved, train.Rows);
    }
}
