using System.Diagnostics;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Evaluation;
using PoseML.Pipeline;
using PoseML.Stages.DeepPoseConsensus;
using PoseML.Stages.Normalization;
using PoseML.Stages.Regression;

namespace PoseML.Workflows;

/// <summary>A model the quickstart trains: a name and how to build its estimator in a context.</summary>
public sealed record QuickstartModel(string Name, string Description, Func<PoseContext, IEstimator<ITransformer>> Create);

/// <summary>Options of <see cref="Quickstart.Run"/>.</summary>
public sealed record QuickstartOptions
{
    /// <summary>Seed of the subject split and of every model.</summary>
    public int Seed { get; init; }

    /// <summary>Fraction of each dataset's subjects held out for testing.</summary>
    public double TestFraction { get; init; } = 0.34;

    /// <summary>Whether the CMU sample joins the synthetic data.</summary>
    public bool IncludeCmu { get; init; } = true;

    /// <summary>Folder the fitted models are saved to (<c>&lt;model&gt;.zip</c>); null saves nothing.</summary>
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
    /// <summary>The linear 2D→3D baseline (z-scored keypoints, ridge regression).</summary>
    public static QuickstartModel Linear { get; } = new("linear", "z-scored 2D keypoints → ridge regression to 3D (baseline)",
        ctx => ctx.Transforms.NormalizeMeanVariance(PoseColumns.Keypoints2D).Append(ctx.Lifting.LinearLifter(labelColumnName: PoseColumns.Pose3D)));

    /// <summary>The Martinez et al. baseline sized for a quick CPU run: one ReLU lifter of width 256, 3 epochs.</summary>
    public static QuickstartModel Martinez { get; } = new("martinez", "one lifter for all joints (Martinez et al., ReLU), width 256, 3 epochs",
        ctx => ctx.Lifting.DeepPoseConsensus(DeepPoseConsensusOptions.Martinez with
        {
            Lifter = DeepPoseConsensusOptions.Martinez.Lifter with { Width = 256, Epochs = 3, BatchSize = 256, Dropout = 0.2f, Seed = ctx.Seed ?? 0 },
        }));

    /// <summary>Deep Pose Consensus Networks sized for a quick CPU run: the paper's groups (n_g = m_g = 10),
    /// lifters of width 64, 3 epochs, l2,1 consensus, trained with L_lifting only: at this budget L_aggre
    /// costs accuracy (docs/results.md, Table 5 analogue), so the quickstart leaves it out.</summary>
    public static QuickstartModel Dpcn { get; } = new("dpcn", "joint groups (n_g = m_g = 10) → group lifters of width 64, 3 epochs, no L_aggre → l2,1 consensus",
        ctx => ctx.Lifting.DeepPoseConsensus(DeepPoseConsensusOptions.Dpcn with
        {
            Lifter = DeepPoseConsensusOptions.Dpcn.Lifter with { Width = 64, Epochs = 3, BatchSize = 256, Dropout = 0.2f, UseAggregationLoss = false, Seed = ctx.Seed ?? 0 },
        }));

    /// <summary>The models trained by default: the linear baseline, the Martinez baseline and DPCN.</summary>
    public static IReadOnlyList<QuickstartModel> DefaultModels { get; } = [Linear, Martinez, Dpcn];

    /// <summary>Runs the quickstart; progress and cancellation come from <paramref name="context"/>.</summary>
    public static QuickstartResult Run(PoseContext context, QuickstartOptions? options = null)
    {
        options ??= new QuickstartOptions();
        var splits = QuickstartData.Load(options.Seed, options.TestFraction, options.IncludeCmu);
        var train = splits.Select(s => s.Train).Aggregate((a, b) => a.Concat(b)).Cache();
        var rows = new List<QuickstartRow>();
        var fitSeconds = new Dictionary<string, double>();
        var saved = new List<string>();
        foreach (var model in options.Models ?? DefaultModels)
        {
            context.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var fitted = model.Create(context).Fit(train);
            fitSeconds[model.Name] = clock.Elapsed.TotalSeconds;
            foreach (var split in splits)
                rows.Add(new QuickstartRow(model.Name, split.Name, context.Evaluation.Evaluate(fitted.Transform(split.Test))));
            if (options.OutputDirectory is { } dir)
            {
                var path = Path.Combine(dir, model.Name + ".zip");
                context.Model.Save(fitted, train.Columns(), path);
                saved.Add(path);
            }
        }
        return new QuickstartResult(rows, splits.ToDictionary(s => s.Name, s => s.TestSubjects), fitSeconds, saved, train.Rows);
    }
}
