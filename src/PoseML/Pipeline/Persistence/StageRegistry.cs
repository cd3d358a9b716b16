using System.Reflection;
using PoseML.Core;

namespace PoseML.Pipeline.Persistence;

/// <summary>Maps stage type names to loaders, so that a saved model can rebuild its stages. Built-in and
/// third-party stages register the same way: mark the transformer with <see cref="PoseStageAttribute"/>
/// (found automatically in any loaded assembly), or call <see cref="Register"/>. Thread-safe.</summary>
public static class StageRegistry
{
    /// <summary>A registered loader: the stage type, the format versions it reads, and the function.</summary>
    public sealed record Entry(string StageType, int MinimumFormatVersion, int FormatVersion, Func<StageReader, ITransformer> Load);

    private static readonly object Lock = new();
    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.Ordinal);
    private static readonly HashSet<Assembly> Scanned = [];

    /// <summary>Registers (or replaces) the loader of <paramref name="stageType"/>, which reads format
    /// versions <paramref name="minimumFormatVersion"/>..<paramref name="formatVersion"/>.</summary>
    public static void Register(string stageType, int formatVersion, Func<StageReader, ITransformer> load, int minimumFormatVersion = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stageType);
        ArgumentNullException.ThrowIfNull(load);
        if (minimumFormatVersion < 1 || formatVersion < minimumFormatVersion)
            throw new InvalidOptionException(nameof(formatVersion), $"stage {stageType}: versions must satisfy 1 <= minimum ({minimumFormatVersion}) <= current ({formatVersion})");
        lock (Lock) Entries[stageType] = new Entry(stageType, minimumFormatVersion, formatVersion, load);
    }

    /// <summary>Registers every class of <paramref name="assembly"/> marked with <see cref="PoseStageAttribute"/>.</summary>
    /// <exception cref="InvalidOptionException">A marked class has no <c>public static Load(StageReader)</c> returning it.</exception>
    public static void RegisterAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        lock (Lock)
        {
            if (!Scanned.Add(assembly)) return;
            foreach (var type in SafeTypes(assembly))
            {
                if (type.GetCustomAttribute<PoseStageAttribute>() is not { } a) continue;
                var load = type.GetMethod("Load", BindingFlags.Public | BindingFlags.Static, [typeof(StageReader)]);
                if (load is null || !typeof(ITransformer).IsAssignableFrom(load.ReturnType))
                    throw new InvalidOptionException(type.FullName ?? type.Name, $"is marked [PoseStage(\"{a.StageType}\")] but has no public static Load(StageReader) returning an ITransformer");
                var loader = (Func<StageReader, ITransformer>)(r => (ITransformer)InvokeUnwrapped(load, r));
                Entries.TryAdd(a.StageType, new Entry(a.StageType, a.MinimumFormatVersion, a.FormatVersion, loader));
            }
        }
    }

    /// <summary>The loader of <paramref name="stageType"/>, or null. Assemblies loaded since the last lookup
    /// are scanned for <see cref="PoseStageAttribute"/> first.</summary>
    public static Entry? Find(string stageType)
    {
        lock (Lock)
        {
            if (Entries.TryGetValue(stageType, out var e)) return e;
        }
        ScanLoadedAssemblies();
        lock (Lock) return Entries.GetValueOrDefault(stageType);
    }

    /// <summary>The stage types registered so far (after scanning loaded assemblies).</summary>
    public static IReadOnlyList<string> KnownStageTypes()
    {
        ScanLoadedAssemblies();
        lock (Lock) return Entries.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    private static void ScanLoadedAssemblies()
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.IsDynamic || !References(assembly)) continue;
            RegisterAssembly(assembly);
        }
    }

    private static object InvokeUnwrapped(MethodInfo method, StageReader reader)
    {
        try
        {
            return method.Invoke(null, [reader])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static bool References(Assembly assembly)
    {
        var self = typeof(StageRegistry).Assembly;
        if (assembly == self) return true;
        var name = self.GetName().Name;
        return assembly.GetReferencedAssemblies().Any(r => r.Name == name);
    }

    private static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null)!;
        }
    }
}
