using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace PoseML.MLNet;

/// <summary>Run settings of PoseML's long operations (fits, cross-validation, search), attached to an
/// <see cref="MLContext"/> so every estimator made from its catalogs sees them:
/// <c>mlContext.SetPoseProgress(progress)</c>, <c>mlContext.SetPoseCancellation(token)</c>. Messages also go
/// to <see cref="MLContext.Log"/> like ML.NET's own.</summary>
public static class PoseRun
{
    private sealed class Settings
    {
        public IProgress<PipelineProgress>? Progress { get; set; }

        public CancellationToken CancellationToken { get; set; }
    }

    /// <summary>Settings by environment (what the catalogs of one <see cref="MLContext"/> share).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IHostEnvironment, Settings> SettingsByEnvironment = new();

    private static Settings SettingsOf(MLContext mlContext) => SettingsByEnvironment.GetValue(EnvironmentOf(mlContext.Transforms), _ => new Settings());

    /// <summary>Receives progress reports of PoseML's long operations run from this context (null: none).
    /// Reports arrive on the thread doing the work.</summary>
    public static MLContext SetPoseProgress(this MLContext mlContext, IProgress<PipelineProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        SettingsOf(mlContext).Progress = progress;
        return mlContext;
    }

    /// <summary>Cancels PoseML's long operations run from this context: they check the token between batches
    /// or epochs and throw <see cref="OperationCanceledException"/>, leaving no half-written file.</summary>
    public static MLContext SetPoseCancellation(this MLContext mlContext, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        SettingsOf(mlContext).CancellationToken = token;
        return mlContext;
    }

    /// <summary>The run context of a catalog's <see cref="MLContext"/> (a stage named <paramref name="stage"/>).</summary>
    public static PoseRunContext For(TransformsCatalog catalog, string stage)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return For(EnvironmentOf(catalog), stage);
    }

    /// <summary>The run context of a catalog's <see cref="MLContext"/> (an operation named <paramref name="stage"/>).</summary>
    public static PoseRunContext For(RegressionCatalog catalog, string stage)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return For(EnvironmentOf(catalog), stage);
    }

    /// <summary>The run context of a catalog's <see cref="MLContext"/> (an operation named <paramref name="stage"/>).</summary>
    public static PoseRunContext For(DataOperationsCatalog catalog, string stage)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return For(EnvironmentOf(catalog), stage);
    }

    /// <summary>The <see cref="MLContext"/> behind a catalog. ML.NET keeps the catalog's environment behind an
    /// internal interface (<c>IInternalCatalog.Environment</c>), so extension catalogs of other assemblies read it
    /// by reflection; this is the one place PoseML does.</summary>
    internal static IHostEnvironment EnvironmentOf(object catalog)
    {
        var contract = catalog.GetType().GetInterfaces().FirstOrDefault(i => i.FullName == "Microsoft.ML.Data.IInternalCatalog")
            ?? throw new MissingMemberException($"{catalog.GetType().Name} has no IInternalCatalog: this Microsoft.ML version is not supported");
        var property = contract.GetProperty("Environment")
            ?? throw new MissingMemberException("IInternalCatalog.Environment is missing: this Microsoft.ML version is not supported");
        return (IHostEnvironment)(property.GetValue(catalog) ?? throw new InvalidOperationException("the catalog has no environment"));
    }

    /// <summary>The run context of an environment (an <see cref="MLContext"/> or a host made from one).</summary>
    public static PoseRunContext For(IHostEnvironment environment, string stage)
    {
        ArgumentNullException.ThrowIfNull(environment);
        SettingsByEnvironment.TryGetValue(environment, out var settings);
        return new PoseRunContext(environment.Register("PoseML." + stage), stage, settings?.Progress, settings?.CancellationToken ?? default);
    }
}

/// <summary>What a PoseML estimator needs from its context while it runs: seeds, progress, cancellation, log.</summary>
public sealed class PoseRunContext
{
    private readonly object _seedLock = new();

    internal PoseRunContext(IHost host, string stage, IProgress<PipelineProgress>? progress, CancellationToken token)
    {
        Host = host;
        Stage = stage;
        Progress = progress;
        CancellationToken = token;
    }

    /// <summary>The ML.NET host (messages go to <see cref="MLContext.Log"/>).</summary>
    public IHost Host { get; }

    /// <summary>The stage's display name.</summary>
    public string Stage { get; }

    /// <summary>Where progress goes (null: nowhere).</summary>
    public IProgress<PipelineProgress>? Progress { get; }

    /// <summary>Cancels the operation.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The next seed of the context's seeded stream: a seeded <see cref="MLContext"/> reproduces the run.</summary>
    public int NextSeed()
    {
        lock (_seedLock) return Host.Rand.Next();
    }

    /// <summary>Reports progress (and logs the message, if any).</summary>
    public void Report(long step, long total, string? message = null)
    {
        Progress?.Report(new PipelineProgress(Stage, step, total, message));
    }

    /// <summary>Writes an informational line to <see cref="MLContext.Log"/>.</summary>
    public void Log(string message)
    {
        using var channel = Host.Start(Stage);
        channel.Info(MessageSensitivity.None, message);
    }

    /// <summary>The same settings for a part of this run (a composite's inner stage), reported under its own name.</summary>
    public PoseRunContext ForStage(string stage) => new(Host.Register("PoseML." + stage), stage, Progress, CancellationToken);

    /// <summary>Throws <see cref="OperationCanceledException"/> when cancelled.</summary>
    public void ThrowIfCancellationRequested() => CancellationToken.ThrowIfCancellationRequested();
}
