using PoseML.MLNet;
using PoseML.Pipeline.Catalogs;

namespace PoseML.Pipeline;

/// <summary>The entry point of PoseML pipelines, as <c>MLContext</c> is of ML.NET's: it holds the seed
/// and the run settings (progress, cancellation) and exposes one catalog per concern. Stages are created
/// through catalog extension methods (<c>ctx.Transforms.NormalizeMeanVariance(…)</c>,
/// <c>ctx.Lifting.LinearLifter(…)</c>), which any assembly can add.</summary>
/// <example><code>
/// var ctx = new PoseContext(seed: 1);
/// var pipeline = ctx.Transforms.NormalizeMeanVariance(PoseColumns.Keypoints2D)
///     .Append(ctx.Lifting.LinearLifter(l2: 1e-3));
/// var model = pipeline.Fit(train);
/// var scored = model.Transform(test);
/// </code></example>
public sealed class PoseContext
{
    private readonly Random _seeds;
    private readonly object _seedLock = new();

    /// <summary>Creates a context. With a <paramref name="seed"/>, every random choice made through the
    /// context (fold assignment, search, estimator seeds drawn with <see cref="NextSeed"/>) is reproducible;
    /// without one, each context draws a fresh seed.</summary>
    public PoseContext(int? seed = null)
    {
        Seed = seed;
        _seeds = seed is { } s ? new Random(s) : new Random();
        Data = new DataCatalog(this);
        Transforms = new TransformsCatalog(this);
        Lifting = new LiftingCatalog(this);
        Consensus = new ConsensusCatalog(this);
        Evaluation = new EvaluationCatalog(this);
        Model = new ModelOperationsCatalog(this);
    }

    /// <summary>The seed given at construction, or null.</summary>
    public int? Seed { get; }

    /// <summary>Loading, joining and splitting data.</summary>
    public DataCatalog Data { get; }

    /// <summary>Data transforms (normalisation, column operations, domain conversion).</summary>
    public TransformsCatalog Transforms { get; }

    /// <summary>2D→3D lifting stages (linear lifter, group lifters, …).</summary>
    public LiftingCatalog Lifting { get; }

    /// <summary>Consensus solvers that combine group estimates into one pose.</summary>
    public ConsensusCatalog Consensus { get; }

    /// <summary>Metrics, cross-validation and hyper-parameter search.</summary>
    public EvaluationCatalog Evaluation { get; }

    /// <summary>Saving and loading models.</summary>
    public ModelOperationsCatalog Model { get; }

    /// <summary>Receives progress reports of long operations (fits, cross-validation, search); null for none.
    /// Reports arrive on the thread doing the work. By default, when standard error is a terminal (an
    /// interactive session), they are written there as throttled lines (<see cref="PipelineProgress.ToWriter"/>);
    /// when it is redirected, the default is none.</summary>
    public IProgress<PipelineProgress>? Progress { get; set; } = Console.IsErrorRedirected ? null : PipelineProgress.ToWriter(Console.Error);

    /// <summary>Cancels long operations: estimators check it between batches or epochs and throw
    /// <see cref="OperationCanceledException"/>, leaving no half-written file.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Draws the next seed from the context's seeded stream (thread-safe). Estimators whose options
    /// give no seed take one from here when they are created, so a seeded context reproduces the pipeline.</summary>
    public int NextSeed()
    {
        lock (_seedLock) return _seeds.Next();
    }

    /// <summary>Sends a report to <see cref="Progress"/>, if any.</summary>
    public void ReportProgress(string stage, long step, long total, string? message = null) =>
        Progress?.Report(new PipelineProgress(stage, step, total, message));

    /// <summary>A run context with this context's progress and cancellation, for the algorithms shared with the
    /// ML.NET stages (stage <paramref name="stage"/>; seeds are resolved before).</summary>
    internal PoseRunContext ToRunContext(string stage) =>
        new(((Microsoft.ML.Runtime.IHostEnvironment)new Microsoft.ML.MLContext(seed: 0)).Register("PoseML." + stage), stage, Progress, CancellationToken);

    /// <summary>Throws <see cref="OperationCanceledException"/> when <see cref="CancellationToken"/> is cancelled.</summary>
    public void ThrowIfCancellationRequested() => CancellationToken.ThrowIfCancellationRequested();
}
