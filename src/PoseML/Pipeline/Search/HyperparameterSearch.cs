using IDataView = Microsoft.ML.IDataView;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Pipeline.CrossValidation;
using PoseML.Pipeline.Persistence;

namespace PoseML.Pipeline.Search;

/// <summary>Builds a pipeline per trial from options drawn by a tuner, validates it on held-out key values
/// (subjects), logs each trial, and refits the best (the engine under
/// <see cref="Catalogs.EvaluationCatalog.Sweep{TOptions}"/>).</summary>
public static class HyperparameterSearch
{
    /// <summary>Runs the search. <paramref name="pipeline"/> builds the estimator for options and a budget;
    /// <paramref name="evaluate"/> turns the scored validation rows into named metrics, one of which is the objective.</summary>
    public static SweepResult<TOptions> Run<TOptions>(PoseContext context, IDataView data, TOptions baseline,
        Func<TOptions, TrialBudget, IEstimator<ITransformer>> pipeline, Func<IDataView, IReadOnlyDictionary<string, double>> evaluate,
        SweepOptions options) where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Trials < 1) throw new InvalidOptionException(nameof(options.Trials), $"must be at least 1, got {options.Trials}");
        if (options.BudgetKind == BudgetKind.Epochs && options.MaxBudget < 1)
            throw new InvalidOptionException(nameof(options.MaxBudget), "an epoch budget needs MaxBudget >= 1 (the full number of epochs)");
        var space = new SearchSpace<TOptions>();
        var seed = options.Seed ?? context.Seed ?? context.NextSeed();
        var tuner = options.Tuner ?? new RandomTuner();
        _ = pipeline(baseline, new TrialBudget(options.BudgetKind, 1, Math.Max(1, options.MaxBudget))).GetOutputSchema(data.Columns());

        if (options.NumberOfFolds is 1 or < 0)
            throw new InvalidOptionException(nameof(options.NumberOfFolds), $"must be 0 (one held-out split) or at least 2, got {options.NumberOfFolds}");
        var split = options.NumberOfFolds == 0
            ? data.SplitByKey(options.SamplingKeyColumnName, options.ValidationFraction, seed)
            : (Train: data, Test: data, TestKeys: Array.Empty<string>());
        var fullBudget = options.BudgetKind == BudgetKind.Epochs ? options.MaxBudget
            : options.MaxBudget > 0 ? options.MaxBudget
            : options.NumberOfFolds == 0 ? split.Train.CountRows()
            : (long)Math.Round(data.CountRows() * (options.NumberOfFolds - 1.0) / options.NumberOfFolds);
        var header = new JsonObject
        {
            ["search"] = new JsonObject
            {
                ["options"] = typeof(TOptions).FullName,
                ["space"] = space.ToString(),
                ["tuner"] = tuner.Name,
                ["trials"] = options.Trials,
                ["seed"] = seed,
                ["objective"] = options.Objective,
                ["maximize"] = options.Maximize,
                ["budget"] = $"{options.BudgetKind} {fullBudget}",
                ["validation"] = options.NumberOfFolds == 0
                    ? new JsonArray(split.TestKeys.Select(k => (JsonNode)k).ToArray())
                    : $"{options.NumberOfFolds}-fold cross-validation by {options.SamplingKeyColumnName}",
            },
        };
        var log = options.LogPath is null ? null : TrialLog.Open(options.LogPath, header, options.Resume);
        var logged = log?.Records.ToArray() ?? [];
        var records = new List<TrialRecord>();
        tuner.Initialize(space, options.Trials, seed);
        var resumed = 0;
        while (tuner.Propose() is { } proposal)
        {
            context.ThrowIfCancellationRequested();
            var index = records.Count;
            var parameters = SearchSpace.ToJson(proposal.Parameters);
            TrialRecord record;
            if (index < logged.Length)
            {
                record = logged[index];
                if (!JsonNode.DeepEquals(record.Parameters, parameters) || record.Rung != proposal.Rung)
                    throw new InvalidOptionException("log", $"trial {index} in '{options.LogPath}' has {record.Parameters.ToJsonString()} (rung {record.Rung}), this search proposes {parameters.ToJsonString()} (rung {proposal.Rung}); the log belongs to another search");
                resumed++;
            }
            else
            {
                context.ReportProgress("Sweep", index, tuner.TotalTrials ?? 0, $"trial {index + 1}: {parameters.ToJsonString()}");
                var trialOptions = space.Apply(baseline, proposal.Parameters);
                var budget = new TrialBudget(options.BudgetKind, proposal.BudgetFraction, Math.Max(1, (long)Math.Round(fullBudget * proposal.BudgetFraction)));
                record = RunTrial(context, index, tuner.Name, proposal, parameters, trialOptions, budget, split.Train, split.Test, pipeline, evaluate, options, seed);
                log?.Append(record);
            }
            records.Add(record);
            tuner.Observe(proposal, Loss(record, options.Maximize));
        }
        context.ReportProgress("Sweep", records.Count, records.Count, "done");
        var maxFraction = records.Where(r => r.Succeeded).Select(r => r.Budget.Fraction).DefaultIfEmpty(double.NaN).Max();
        var best = records.Where(r => r.Succeeded && r.Budget.Fraction == maxFraction)
                       .OrderBy(r => Loss(r, options.Maximize)).ThenBy(r => r.Trial).FirstOrDefault()
                   ?? throw new PoseMLException($"every one of the {records.Count} trials failed; first error: {records.FirstOrDefault()?.Error}");
        // Rebuilt from the baseline and the logged parameters, so options need not round-trip through JSON.
        var bestOptions = space.Apply(baseline, space.FromJson(best.Parameters));
        ITransformer? model = null;
        if (options.RefitBest)
        {
            context.ReportProgress("Sweep", records.Count, records.Count, $"refitting trial {best.Trial} on all data");
            var full = new TrialBudget(options.BudgetKind, 1, options.BudgetKind == BudgetKind.Epochs ? options.MaxBudget : Math.Max(1, data.RowCount() ?? fullBudget));
            model = pipeline(bestOptions, full).Fit(data);
            if (options.SaveBestTo is not null) ModelStore.Save(model, data.Columns(), options.SaveBestTo);
        }
        return new SweepResult<TOptions>(records, best, bestOptions, model, resumed);
    }

    private static TrialRecord RunTrial<TOptions>(PoseContext context, int index, string tunerName, TrialProposal proposal, JsonObject parameters,
        TOptions trialOptions, TrialBudget budget, IDataView train, IDataView validation, Func<TOptions, TrialBudget, IEstimator<ITransformer>> pipeline,
        Func<IDataView, IReadOnlyDictionary<string, double>> evaluate, SweepOptions options, int seed) where TOptions : class
    {
        var clock = Stopwatch.StartNew();
        var optionsJson = JsonSerializer.SerializeToNode(trialOptions, PoseJson.Compact)!;
        try
        {
            var estimator = pipeline(trialOptions, budget);
            if (budget.Kind == BudgetKind.TrainingSamples && !budget.IsFull) estimator = new SubsetEstimator(estimator, budget.Fraction);
            IReadOnlyDictionary<string, double> metrics;
            if (options.NumberOfFolds >= 2)
            {
                var cv = CrossValidator.Run(context, train, estimator, evaluate, m => m, options.NumberOfFolds, options.SamplingKeyColumnName, seed);
                metrics = cv.Summary.ToDictionary(p => p.Key, p => p.Value.Mean, StringComparer.Ordinal);
            }
            else
            {
                metrics = evaluate(estimator.Fit(train).Transform(validation));
            }
            if (!metrics.TryGetValue(options.Objective, out var objective))
                throw new InvalidOptionException(nameof(options.Objective), $"metric '{options.Objective}' is not among the evaluation's metrics ({string.Join(", ", metrics.Keys)})");
            return new TrialRecord
            {
                Trial = index, Tuner = tunerName, Rung = proposal.Rung, Budget = budget, Parameters = parameters, Options = optionsJson,
                Metrics = new Dictionary<string, double>(metrics, StringComparer.Ordinal), Objective = objective,
                Seconds = clock.Elapsed.TotalSeconds, Status = double.IsFinite(objective) ? "ok" : "failed",
                Error = double.IsFinite(objective) ? null : $"objective is {objective}",
            };
        }
        catch (PoseMLException e) when (e is not InvalidOptionException { Option: nameof(options.Objective) })
        {
            return new TrialRecord
            {
                Trial = index, Tuner = tunerName, Rung = proposal.Rung, Budget = budget, Parameters = parameters, Options = optionsJson,
                Metrics = new Dictionary<string, double>(), Seconds = clock.Elapsed.TotalSeconds, Status = "failed", Error = e.Message,
            };
        }
    }

    private static double Loss(TrialRecord r, bool maximize) =>
        !r.Succeeded ? double.PositiveInfinity : maximize ? -r.Objective!.Value : r.Objective!.Value;

    /// <summary>An evenly spread subset holding about <paramref name="fraction"/> of the rows (row i is kept when
    /// ⌊(i+1)·f⌋ &gt; ⌊i·f⌋), deterministic and lazy.</summary>
    public static IDataView EvenSubset(IDataView data, double fraction)
    {
        if (!(fraction > 0 && fraction <= 1)) throw new InvalidOptionException(nameof(fraction), $"must lie in (0, 1], got {fraction}");
        if (fraction >= 1) return data;
        var columns = data.Schema.Count > 0 ? new[] { data.Schema[0].Name } : [];
        return data.Filter(columns, (b, r) =>
        {
            var i = b.StartRow + r;
            return Math.Floor((i + 1) * fraction) > Math.Floor(i * fraction);
        });
    }

    /// <summary>Fits the wrapped estimator on an evenly spread share of its training rows (a sample budget).</summary>
    private sealed class SubsetEstimator(IEstimator<ITransformer> inner, double fraction) : IEstimator<ITransformer>
    {
        public BatchSchema GetOutputSchema(BatchSchema inputSchema) => inner.GetOutputSchema(inputSchema);

        public ITransformer Fit(IDataView input) => inner.Fit(EvenSubset(input, fraction));
    }
}
