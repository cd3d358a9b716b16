namespace PoseML.Data.Numpy.Pickle;

/// <summary>Resource limits of <see cref="SafeUnpickler"/>, against files built to exhaust memory or stack.
/// Every length a pickle declares is also checked against the bytes actually left in the stream
/// before anything is allocated.</summary>
public sealed record UnpicklerLimits
{
    /// <summary>The defaults: generous for VideoPose3D's datasets (hundreds of MB of arrays in one pickle).</summary>
    public static UnpicklerLimits Default { get; } = new();

    /// <summary>Most open MARKs at once and deepest tuple nesting. Default 256.</summary>
    public int MaxDepth { get; init; } = 256;

    /// <summary>Most memo entries. Default 4,194,304.</summary>
    public int MaxMemoEntries { get; init; } = 1 << 22;

    /// <summary>Most values on the unpickler's stack at once. Default 16,777,216.</summary>
    public int MaxStackItems { get; init; } = 1 << 24;

    /// <summary>Most bytes one pickle may span. Default 16 GiB.</summary>
    public long MaxBytes { get; init; } = 16L << 30;
}
