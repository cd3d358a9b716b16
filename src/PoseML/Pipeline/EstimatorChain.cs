using IDataView = Microsoft.ML.IDataView;
using PoseML.Data.View;

namespace PoseML.Pipeline;

/// <summary>Estimators fitted one after the other, each on the output of the transformers fitted before
/// it (ML.NET's <c>EstimatorChain&lt;TLastTransformer&gt;</c>). Immutable: <see cref="Append{TNewTrans}"/>
/// returns a new chain. <see cref="Fit"/> checks the whole chain's schema before reading any row.</summary>
/// <typeparam name="TLastTransformer">The transformer type of the last estimator.</typeparam>
public sealed class EstimatorChain<TLastTransformer> : IEstimator<TransformerChain<TLastTransformer>>, IHasPoseContext
    where TLastTransformer : class, ITransformer
{
    private readonly IEstimator<ITransformer>[] _estimators;
    private readonly bool[] _cacheAfter;

    /// <summary>An empty chain; start it with <see cref="Append{TNewTrans}"/>.</summary>
    public EstimatorChain() : this([], []) { }

    private EstimatorChain(IEstimator<ITransformer>[] estimators, bool[] cacheAfter)
    {
        _estimators = estimators;
        _cacheAfter = cacheAfter;
    }

    /// <summary>The estimators, in fitting order.</summary>
    public IReadOnlyList<IEstimator<ITransformer>> Estimators => _estimators;

    /// <summary>The context of the first estimator that has one (used for progress and cancellation).</summary>
    public PoseContext Context => _estimators.OfType<IHasPoseContext>().Select(e => e.Context).FirstOrDefault()
        ?? throw new InvalidOperationException("no estimator of this chain was created in a PoseContext");

    /// <summary>A new chain with <paramref name="estimator"/> at the end.</summary>
    public EstimatorChain<TNewTrans> Append<TNewTrans>(IEstimator<TNewTrans> estimator) where TNewTrans : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return new EstimatorChain<TNewTrans>([.. _estimators, estimator], [.. _cacheAfter, false]);
    }

    /// <summary>A new chain that, while fitting, holds the output of the stages so far in memory, so that the
    /// later estimators (which may read their input many times) do not recompute it (ML.NET's
    /// <c>AppendCacheCheckpoint</c>).</summary>
    public EstimatorChain<TLastTransformer> AppendCacheCheckpoint()
    {
        if (_estimators.Length == 0) return this;
        var cache = (bool[])_cacheAfter.Clone();
        cache[^1] = true;
        return new EstimatorChain<TLastTransformer>(_estimators, cache);
    }

    /// <inheritdoc />
    public BatchSchema GetOutputSchema(BatchSchema inputSchema)
    {
        var schema = inputSchema;
        foreach (var e in _estimators) schema = e.GetOutputSchema(schema);
        return schema;
    }

    /// <inheritdoc />
    public TransformerChain<TLastTransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _ = GetOutputSchema(input.Columns()); // fail fast on the whole chain before any row is read
        var context = _estimators.OfType<IHasPoseContext>().Select(e => e.Context).FirstOrDefault();
        var fitted = new ITransformer[_estimators.Length];
        var current = input;
        for (var i = 0; i < _estimators.Length; i++)
        {
            context?.ThrowIfCancellationRequested();
            var name = StageNames.Of(_estimators[i]);
            context?.ReportProgress("Pipeline", i, _estimators.Length, $"fitting {name}");
            fitted[i] = _estimators[i].Fit(current);
            if (i < _estimators.Length - 1)
            {
                current = fitted[i].Transform(current);
                if (_cacheAfter[i]) current = current.Cache();
            }
        }
        context?.ReportProgress("Pipeline", _estimators.Length, _estimators.Length, "fitted");
        return new TransformerChain<TLastTransformer>(fitted);
    }
}

/// <summary>Readable names of stages for progress messages and errors.</summary>
internal static class StageNames
{
    public static string Of(object stage)
    {
        var name = stage.GetType().Name;
        var tick = name.IndexOf('`');
        if (tick > 0) name = name[..tick];
        foreach (var suffix in new[] { "Estimator", "Transformer" })
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal)) return name[..^suffix.Length];
        }
        return name;
    }
}
