using PoseML.Data.Numpy.Pickle;

namespace PoseML.Data.Numpy;

/// <summary>Limits and switches of <see cref="Npy"/> and <see cref="NpzFile"/>. The defaults read any
/// honest VideoPose3D file and refuse absurd sizes before allocating.</summary>
public sealed record NpyReadOptions
{
    /// <summary>The defaults.</summary>
    public static NpyReadOptions Default { get; } = new();

    /// <summary>Largest accepted <c>.npy</c> header, in bytes (numpy itself refuses headers over 10,000 bytes
    /// unless told otherwise). Default 65,536.</summary>
    public int MaxHeaderBytes { get; init; } = 65_536;

    /// <summary>Largest accepted array payload, in bytes. Default: the largest .NET array (about 2 GiB).</summary>
    public long MaxArrayBytes { get; init; } = Array.MaxLength;

    /// <summary>Whether object arrays (<c>|O</c>, stored as pickles) are read. They are unpickled by
    /// <see cref="SafeUnpickler"/>, which executes nothing, so the default is true; set false to refuse them
    /// outright (like numpy's <c>allow_pickle=False</c>).</summary>
    public bool AllowObjectArrays { get; init; } = true;

    /// <summary>Limits of the unpickler for object arrays.</summary>
    public UnpicklerLimits Pickle { get; init; } = UnpicklerLimits.Default;
}
