using System.Collections;
using System.Collections.Immutable;

namespace PoseML.Data.Numpy.Pickle;

/// <summary>An unpickled Python tuple: an immutable sequence of values.</summary>
public sealed class PickleTuple : IReadOnlyList<object?>
{
    /// <summary>Creates a tuple of <paramref name="items"/>.</summary>
    public PickleTuple(IEnumerable<object?> items)
    {
        Items = items.ToImmutableArray();
        var depth = 0;
        foreach (var item in Items)
        {
            if (item is PickleTuple t && t.Depth > depth) depth = t.Depth;
        }
        Depth = depth + 1;
    }

    /// <summary>The empty tuple.</summary>
    public static PickleTuple Empty { get; } = new([]);

    /// <summary>The values.</summary>
    public ImmutableArray<object?> Items { get; }

    /// <summary>Nesting depth counting only tuples (1 for a tuple of scalars).</summary>
    internal int Depth { get; }

    /// <inheritdoc />
    public int Count => Items.Length;

    /// <inheritdoc />
    public object? this[int index] => Items[index];

    /// <inheritdoc />
    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>E.g. <c>tuple(3)</c>.</summary>
    public override string ToString() => $"tuple({Count})";
}
