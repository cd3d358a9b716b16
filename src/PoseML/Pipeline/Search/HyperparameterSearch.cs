using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Pipeline.CrossValidation;
using PoseML.Pipeline.Persistence;

namespace PoseML.Pipeline.Search;

/// <summary>Builds a pipeline per trial from options drawn by a tuner, validates it on held-out key values
/// (subjects), logs each trial, and refits the best (the engine under
/// <see cref="Catalogs.EvaluationCatalog.Sweep{TOptions}"/>; the search itself is the API-independent
/// <see cref="SearchRunner"/>, shared with ML.NET's <c>SweepPoses</c>).</summary>
public static class HyperparameterSearch
{
    /// <summary>Runs the search. <paramref name="pipeline"/> builds the estimator for options and a budget;
    /// <paramref name="evaluate"/> turns the scored validation rows into named metrics, one of which is the objective.</summary>
    public static SweepResult<TOptions> Run<TOptions>(PoseContext context, IDataView data, TOptions baseline,
        Func<TOptions, TrialBudget, IEstimator<ITransformer>> pipeline, Func<IDataView, IReadOnlyDictionary<string, double>> evaluate,
        SweepOptions options) where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var host = new SearchHost<IEstimator<ITransformer>, ITransformer>(
            CheckSchema: (estimator, rows) => estimator.GetOutputSchema(rows.Columns()),
            Fit: (estimator, rows) => estimator.Fit(rows),
            Transform: (model, rows) => model.Transform(rows),
            Save: (model, rows, path) => ModelStore.Save(model, rows.Columns(), path),
            IsTrialFailure: e => e is PoseMLException,
            Hooks: RunHooks.Of(context, "Sweep"),
            CrossValidationHooks: RunHooks.Of(context, "CrossValidate"));
        var seed = options.Seed ?? context.Seed ?? context.NextSeed();
        var outcome = SearchRunner.Run(host, data, baseline, pipeline, evaluate, options, seed);
        return new SweepResult<TOptions>(outcome.Trials, outcome.Best, outcome.BestOptions, outcome.Model, outcome.ResumedTrials);
    }

    /// <summary>An evenly spread subset holding about <paramref name="fraction"/> of the rows (row i is kept when
    /// ⌊(i+1)·f⌋ &gt; ⌊i·f⌋), deterministic and lazy.</summary>
    public static IDataView EvenSubset(IDataView data, double fraction) => SearchRunner.EvenSubset(data, fraction);
}
