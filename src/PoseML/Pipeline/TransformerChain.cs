using IDataView = Microsoft.ML.IDataView;
using System.Collections;
using PoseML.Data.View;

namespace PoseML.Pipeline;

/// <summary>Fitted transformers applied in order (ML.NET's <c>TransformerChain&lt;TLastTransformer&gt;</c>);
/// what <see cref="EstimatorChain{TLastTransformer}.Fit"/> returns. Transforming is lazy: the chain
/// builds a stack of views and nothing is computed until the result is read.</summary>
/// <typeparam name="TLastTransformer">The type of the last transformer (e.g. to read its fitted values).</typeparam>
public sealed class TransformerChain<TLastTransformer> : ITransformerChain, IEnumerable<ITransformer>
    where TLastTransformer : class, ITransformer
{
    private readonly ITransformer[] _transformers;

    /// <summary>Creates a chain; the last transformer must be a <typeparamref name="TLastTransformer"/>.</summary>
    public TransformerChain(params ITransformer[] transformers)
    {
        ArgumentNullException.ThrowIfNull(transformers);
        if (transformers.Length > 0 && transformers[^1] is not TLastTransformer)
            throw new ArgumentException($"the last transformer is a {transformers[^1].GetType().Name}, not a {typeof(TLastTransformer).Name}", nameof(transformers));
        _transformers = (ITransformer[])transformers.Clone();
    }

    /// <inheritdoc />
    public IReadOnlyList<ITransformer> Transformers => _transformers;

    /// <summary>The last transformer (e.g. the fitted regressor, to inspect its weights).</summary>
    /// <exception cref="InvalidOperationException">The chain is empty.</exception>
    public TLastTransformer LastTransformer => _transformers.Length > 0
        ? (TLastTransformer)_transformers[^1]
        : throw new InvalidOperationException("the chain is empty");

    /// <inheritdoc />
    public bool IsRowToRowMapper => _transformers.All(t => t.IsRowToRowMapper);

    /// <summary>A new chain with <paramref name="transformer"/> at the end.</summary>
    public TransformerChain<TNewLast> Append<TNewLast>(TNewLast transformer) where TNewLast : class, ITransformer =>
        new([.. _transformers, transformer]);

    /// <inheritdoc />
    public BatchSchema GetOutputSchema(BatchSchema inputSchema)
    {
        var schema = inputSchema;
        foreach (var t in _transformers) schema = t.GetOutputSchema(schema);
        return schema;
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _ = GetOutputSchema(input.Columns());
        var current = input;
        foreach (var t in _transformers) current = t.Transform(current);
        return current;
    }

    /// <inheritdoc />
    public IEnumerator<ITransformer> GetEnumerator() => ((IEnumerable<ITransformer>)_transformers).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
