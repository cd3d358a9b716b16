namespace PoseML.Pipeline;

/// <summary>Chaining helpers (ML.NET's <c>LearningPipelineExtensions</c>):
/// <c>ctx.Transforms.NormalizeMeanVariance("Keypoints2D").Append(ctx.Lifting.LinearLifter())</c>.</summary>
public static class PipelineExtensions
{
    /// <summary>A chain of <paramref name="start"/> followed by <paramref name="estimator"/>.</summary>
    public static EstimatorChain<TTrans> Append<TTrans>(this IEstimator<ITransformer> start, IEstimator<TTrans> estimator)
        where TTrans : class, ITransformer =>
        new EstimatorChain<ITransformer>().Append(start).Append(estimator);

    /// <summary>A chain of <paramref name="start"/> followed by <paramref name="transformer"/>.</summary>
    public static TransformerChain<TTrans> Append<TTrans>(this ITransformer start, TTrans transformer)
        where TTrans : class, ITransformer =>
        new(start, transformer);
}
