using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using PoseML.Core;
using PoseML.MLNet;
using PoseML.Data.View;
using PoseML.Pipeline.CrossValidation;
using PoseML.Pipeline.Evaluation;
using PoseML.Pipeline.Persistence;

namespace PoseML.Pipeline.Search;

/// <summary>The hyper-parameter search engine under <c>mlContext.Regression.SweepPoses</c>: the tuner proposes
/// options, the factory builds an estimator for them and a budget, the fit is validated on held-out key values
/// (subjects) or cross-validated by key, each trial is logged (and read back on resume), and the best options are
/// refitted on all data and saved with ML.NET.</summary>
internal static class SearchRunner
{
    /// <summary>Runs the search with the resolved <paramref name="seed"/> (split and tuner), reporting to
    /// <paramref name="run"/> and, for a cross-validated trial's folds, to <paramref name="foldRun"/>.</summary>
    public static PoseSweepResult<TOptions> Run<TOptions>(IDataView data, TOptions baseline,
        Func<TOptions, TrialBudget, IEstimator<ITransformer>> pipeline, Func<IDataView, IReadOnlyDictionary<string, double>> evaluate,
        SweepOptions options, int seed, PoseRunContext run, PoseRunContext foldRun) where TOptions : class
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
        var tuner = options.Tuner ?? new RandomTuner();
        _ = pipeline(baseline, new TrialBudget(options.BudgetKind, 1, Math.Max(1, options.MaxBudget))).GetOutputSchema(SchemaShapes.Of(data.Schema));

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
            run.ThrowIfCancellationRequested();
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
                run.Report(index, tuner.TotalTrials ?? 0, $"trial {index + 1}: {parameters.ToJsonString()}");
                run.ThrowIfCancellationRequested(); // a progress handler may cancel; an ML.NET fit may never look
                var trialOptions = space.Apply(baseline, proposal.Parameters);
                var budget = new TrialBudget(options.BudgetKind, proposal.BudgetFraction, Math.Max(1, (long)Math.Round(fullBudget * proposal.BudgetFraction)));
                record = RunTrial(index, tuner.Name, proposal, parameters, trialOptions, budget, split.Train, split.Test, pipeline, evaluate, options, seed, foldRun);
                log?.Append(record);
            }
            records.Add(record);
            tuner.Observe(proposal, Loss(record, options.Maximize));
        }
        run.Report(records.Count, records.Count, "done");
        var maxFraction = records.Where(r => r.Succeeded).Select(r => r.Budget.Fraction).DefaultIfEmpty(double.NaN).Max();
        var best = records.Where(r => r.Succeeded && r.Budget.Fraction == maxFraction)
                       .OrderBy(r => Loss(r, options.Maximize)).ThenBy(r => r.Trial).FirstOrDefault()
                   ?? throw new PoseMLException($"every one of the {records.Count} trials failed; first error: {records.FirstOrDefault()?.Error}");
        // Rebuilt from the baseline and the logged parameters, so options need not round-trip through JSON.
        var bestOptions = space.Apply(baseline, space.FromJson(best.Parameters));
        var model = default(ITransformer);
        if (options.RefitBest)
        {
            run.Report(records.Count, records.Count, $"refitting trial {best.Trial} on all data");
            var full = new TrialBudget(options.BudgetKind, 1, options.BudgetKind == BudgetKind.Epochs ? options.MaxBudget : Math.Max(1, data.RowCount() ?? fullBudget));
            model = pipeline(bestOptions, full).Fit(data);
            if (options.SaveBestTo is not null)
                AtomicFile.Write(options.SaveBestTo, stream => new MLContext().Model.Save(model, data.Schema, stream));
        }
        return new PoseSweepResult<TOptions>(records, best, bestOptions, model, resumed);
    }

    private static TrialRecord RunTrial<TOptions>(int index, string tunerName, TrialProposal proposal,
        JsonObject parameters, TOptions trialOptions, TrialBudget budget, IDataView train, IDataView validation, Func<TOptions, TrialBudget, IEstimator<ITransformer>> pipeline,
        Func<IDataView, IReadOnlyDictionary<string, double>> evaluate, SweepOptions options, int seed, PoseRunContext foldRun) where TOptions : class
    {
        var clock = Stopwatch.StartNew();
        var optionsJson = JsonSerializer.SerializeToNode(trialOptions, PoseJson.Compact)!;
        try
        {
            var estimator = pipeline(trialOptions, budget);
            var subset = budget.Kind == BudgetKind.TrainingSamples && !budget.IsFull;
            ITransformer Fit(IDataView rows) => estimator.Fit(subset ? EvenSubset(rows, budget.Fraction) : rows);
            IReadOnlyDictionary<string, double> metrics;
            if (options.NumberOfFolds >= 2)
            {
                var summary = FoldRunner.Run(train, Fit, evaluate, m => m, options.NumberOfFolds, options.SamplingKeyColumnName, seed, foldRun).Summary;
                metrics = summary.ToDictionary(p => p.Key, p => p.Value.Mean, StringComparer.Ordinal);
            }
            else
            {
                metrics = evaluate(Fit(train).Transform(validation));
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
        catch (Exception e) when (IsTrialFailure(e) && e is not InvalidOptionException { Option: nameof(options.Objective) })
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

    /// <summary>Errors that fail one trial rather than the search: PoseML's own, and ML.NET's schema and argument
    /// errors (an option value the pipeline rejects).</summary>
    private static bool IsTrialFailure(Exception e) => e is PoseMLException or InvalidOperationException or ArgumentException;

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
}
