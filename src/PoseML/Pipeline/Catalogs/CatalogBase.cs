namespace PoseML.Pipeline.Catalogs;

/// <summary>Base of every catalog: gives extension methods the context they create stages in (its
/// seed, progress and cancellation), the way ML.NET's catalogs expose their environment.
/// Stage authors add a stage by writing an extension method on a catalog class.</summary>
public abstract class CatalogBase
{
    /// <summary>Creates the catalog of <paramref name="context"/>.</summary>
    protected CatalogBase(PoseContext context)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
    }

    /// <summary>The context this catalog belongs to.</summary>
    public PoseContext Context { get; }

    /// <summary>The context's seed (null when unseeded).</summary>
    public int? Seed => Context.Seed;
}

/// <summary>Data transforms (<c>ctx.Transforms</c>): normalisation, domain conversion, column operations.</summary>
public sealed class TransformsCatalog : CatalogBase
{
    internal TransformsCatalog(PoseContext context) : base(context) { }
}

/// <summary>2D→3D lifting stages (<c>ctx.Lifting</c>).</summary>
public sealed class LiftingCatalog : CatalogBase
{
    internal LiftingCatalog(PoseContext context) : base(context) { }
}

/// <summary>Consensus solvers (<c>ctx.Consensus</c>).</summary>
public sealed class ConsensusCatalog : CatalogBase
{
    internal ConsensusCatalog(PoseContext context) : base(context) { }
}
