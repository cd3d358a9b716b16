namespace PoseML.Pipeline.Catalogs;

/// <summary>Base of every catalog: gives extension methods the context they create stages in (its
/// seed, progress and cancellation), the way ML.NET's catalogs expose their environment.
/// Stage authors add a stage by writing an extension method on a catalog class.</summary>
/// <remarks>Put catalog extension classes in the <c>PoseML.Pipeline</c> namespace (as ML.NET puts its catalogs in
/// <c>Microsoft.ML</c>), so that one <c>using PoseML.Pipeline;</c> shows every stage; create the stage with
/// <see cref="Context"/> so it reports progress, honours cancellation and draws seeds from the context.</remarks>
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
