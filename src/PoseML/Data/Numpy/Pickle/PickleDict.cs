using System.Collections;
using System.Numerics;

namespace PoseML.Data.Numpy.Pickle;

/// <summary>An unpickled Python dict: insertion-ordered key/value pairs. Keys compare the way Python's do
/// for the hashable values a pickle can hold: strings ordinally; ints, bools and whole floats by numeric
/// value (<c>1 == 1.0 == True</c>); bytes by content; tuples element-wise; <c>None</c> as null.</summary>
public sealed class PickleDict : IEnumerable<KeyValuePair<object?, object?>>
{
    private static readonly object NoneKey = new();
    private readonly Dictionary<object, int> _index = new(KeyComparer.Instance);
    private readonly List<KeyValuePair<object?, object?>> _entries = [];

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>The keys in insertion order.</summary>
    public IEnumerable<object?> Keys => _entries.Select(e => e.Key);

    /// <summary>The values in insertion order.</summary>
    public IEnumerable<object?> Values => _entries.Select(e => e.Value);

    /// <summary>The value under <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such key.</exception>
    public object? this[object? key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"dict has no key {SafeUnpickler.Describe(key)}");

    /// <summary>Looks a key up.</summary>
    public bool TryGetValue(object? key, out object? value)
    {
        if (IsHashable(key) && _index.TryGetValue(key ?? NoneKey, out var i))
        {
            value = _entries[i].Value;
            return true;
        }
        value = null;
        return false;
    }

    /// <summary>True when the key is present.</summary>
    public bool ContainsKey(object? key) => TryGetValue(key, out _);

    /// <summary>Sets a value; an existing key keeps its position (Python semantics).</summary>
    /// <exception cref="ArgumentException">The key is not hashable (a list, dict or array).</exception>
    internal void Set(object? key, object? value)
    {
        if (!IsHashable(key)) throw new ArgumentException($"unhashable dict key: {SafeUnpickler.Describe(key)}");
        var k = key ?? NoneKey;
        if (_index.TryGetValue(k, out var i)) _entries[i] = new(_entries[i].Key, value);
        else
        {
            _index.Add(k, _entries.Count);
            _entries.Add(new(key, value));
        }
    }

    /// <summary>Whether Python could use <paramref name="key"/> as a dict key.</summary>
    internal static bool IsHashable(object? key) => key switch
    {
        null or string or long or bool or double or BigInteger or byte[] => true,
        PickleTuple t => t.Items.All(IsHashable),
        NpyArray { Rank: 0, DType.Kind: not NpyKind.Object } => true,
        _ => false,
    };

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<object?, object?>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>E.g. <c>dict(3)</c>.</summary>
    public override string ToString() => $"dict({Count})";

    private sealed class KeyComparer : IEqualityComparer<object>
    {
        public static readonly KeyComparer Instance = new();

        private static object Normalise(object key)
        {
            switch (key)
            {
                case bool b: return b ? 1L : 0L;
                case BigInteger big when big >= long.MinValue && big <= long.MaxValue: return (long)big;
                case double d when d == Math.Floor(d) && d >= -9.2233720368547758E18 && d < 9.2233720368547758E18: return (long)d;
                case NpyArray a:
                    var item = a.Item();
                    return item switch
                    {
                        float f => Normalise((double)f),
                        double d => Normalise(d),
                        Half h => Normalise((double)h),
                        string s => s,
                        bool b => b ? 1L : 0L,
                        ulong u => u <= long.MaxValue ? (long)u : new BigInteger(u),
                        _ => Convert.ToInt64(item),
                    };
                default: return key;
            }
        }

        public new bool Equals(object? x, object? y)
        {
            if (ReferenceEquals(x, y)) return true;
            if (x is null || y is null) return false;
            var a = Normalise(x);
            var b = Normalise(y);
            return (a, b) switch
            {
                (byte[] p, byte[] q) => p.AsSpan().SequenceEqual(q),
                (PickleTuple p, PickleTuple q) => p.Count == q.Count && p.Items.Zip(q.Items).All(z => z.First is null ? z.Second is null : z.Second is not null && Equals(z.First, z.Second)),
                _ => a.Equals(b),
            };
        }

        public int GetHashCode(object obj)
        {
            var n = Normalise(obj);
            switch (n)
            {
                case byte[] bytes:
                {
                    var h = new HashCode();
                    h.AddBytes(bytes);
                    return h.ToHashCode();
                }
                case PickleTuple t:
                {
                    var h = new HashCode();
                    foreach (var item in t.Items) h.Add(item is null ? 0 : GetHashCode(item));
                    return h.ToHashCode();
                }
                default: return n.GetHashCode();
            }
        }
    }
}
