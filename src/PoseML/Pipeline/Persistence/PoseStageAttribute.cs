namespace PoseML.Pipeline.Persistence;

/// <summary>Registers a persistable transformer with the <see cref="StageRegistry"/>: the marked class
/// must have a <c>public static TSelf Load(StageReader reader)</c> method. Classes in any loaded assembly
/// are discovered when a model names their stage type, so a third-party stage needs no registration call
/// (ML.NET's <c>LoadableClass</c> attribute plays this role).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PoseStageAttribute : Attribute
{
    /// <summary>Marks the class as the loader of <paramref name="stageType"/>, which writes format
    /// <paramref name="formatVersion"/> and reads versions <see cref="MinimumFormatVersion"/>..<paramref name="formatVersion"/>.</summary>
    public PoseStageAttribute(string stageType, int formatVersion)
    {
        StageType = stageType;
        FormatVersion = formatVersion;
    }

    /// <summary>The stage type name (see <see cref="IPersistableStage.StageType"/>).</summary>
    public string StageType { get; }

    /// <summary>The newest format version the loader reads (the one the stage writes).</summary>
    public int FormatVersion { get; }

    /// <summary>The oldest format version the loader still reads (default 1).</summary>
    public int MinimumFormatVersion { get; init; } = 1;
}
