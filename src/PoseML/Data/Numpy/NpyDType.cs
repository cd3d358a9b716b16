using System.Globalization;

namespace PoseML.Data.Numpy;

/// <summary>A numpy element type: kind, size in bytes and byte order, parsed from a type string such as
/// <c>&lt;f4</c>, <c>&gt;f8</c>, <c>|u1</c>, <c>&lt;U5</c> or <c>|O</c>. Structured, complex, date and
/// time types are not supported and are refused by <see cref="Parse(string)"/>.</summary>
public sealed class NpyDType : IEquatable<NpyDType>
{
    internal NpyDType(NpyKind kind, int itemSize, bool bigEndian)
    {
        Kind = kind;
        ItemSize = itemSize;
        BigEndian = bigEndian && itemSize > 1 && kind is not (NpyKind.Bool or NpyKind.Bytes or NpyKind.Object);
    }

    /// <summary>The element kind.</summary>
    public NpyKind Kind { get; private set; }

    /// <summary>Bytes per element (for <see cref="NpyKind.Unicode"/>: 4 per character).</summary>
    public int ItemSize { get; private set; }

    /// <summary>True when multi-byte elements are stored most significant byte first (<c>&gt;</c>).</summary>
    public bool BigEndian { get; private set; }

    /// <summary>The numpy type string, e.g. <c>&lt;f4</c>, <c>|b1</c>, <c>|O</c>.</summary>
    public string Descr
    {
        get
        {
            var order = ItemSize == 1 || Kind is NpyKind.Object or NpyKind.Bytes ? '|' : BigEndian ? '>' : '<';
            return Kind switch
            {
                NpyKind.Object => "|O",
                NpyKind.Unicode => $"{order}U{ItemSize / 4}",
                NpyKind.Bytes => $"|S{ItemSize}",
                NpyKind.Bool => "|b1",
                NpyKind.Int => $"{order}i{ItemSize}",
                NpyKind.UInt => $"{order}u{ItemSize}",
                _ => $"{order}f{ItemSize}",
            };
        }
    }

    /// <summary>Parses a numpy type string as written in a <c>.npy</c> header (<c>descr</c>).</summary>
    /// <exception cref="FormatException">Not a supported type string; the message names it.</exception>
    public static NpyDType Parse(string descr) => Parse(descr, unicodeCountsBytes: false);

    /// <summary>Parses a type string. In pickled dtypes (<paramref name="unicodeCountsBytes"/>) the number
    /// after <c>U</c> counts bytes; in <c>.npy</c> headers it counts characters.</summary>
    internal static NpyDType Parse(string descr, bool unicodeCountsBytes)
    {
        var s = descr.AsSpan().Trim();
        var bigEndian = !BitConverter.IsLittleEndian;
        if (s.Length > 0 && s[0] is '<' or '>' or '|' or '=')
        {
            if (s[0] == '>') bigEndian = true;
            else if (s[0] == '<') bigEndian = false;
            s = s[1..];
        }
        if (s.Length == 0) throw new FormatException($"empty numpy type string '{descr}'");
        var code = s[0];
        var digits = s[1..];
        int? size = null;
        if (digits.Length > 0)
        {
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 0)
                throw new FormatException($"unsupported numpy type string '{descr}' (only plain numeric, bool, text and object types are supported)");
            size = n;
        }
        NpyDType Make(NpyKind kind, int itemSize, params int[] allowed)
        {
            if (Array.IndexOf(allowed, itemSize) < 0)
                throw new FormatException($"unsupported numpy type string '{descr}': {kind} elements of {itemSize} bytes");
            return new NpyDType(kind, itemSize, bigEndian);
        }
        return code switch
        {
            'f' => Make(NpyKind.Float, size ?? 8, 2, 4, 8),
            'e' when size is null => Make(NpyKind.Float, 2, 2),
            'd' when size is null => Make(NpyKind.Float, 8, 8),
            'i' => Make(NpyKind.Int, size ?? 4, 1, 2, 4, 8),
            'u' => Make(NpyKind.UInt, size ?? 4, 1, 2, 4, 8),
            'b' when size is null => Make(NpyKind.Int, 1, 1),
            'B' when size is null => Make(NpyKind.UInt, 1, 1),
            'b' or '?' => Make(NpyKind.Bool, size ?? 1, 1),
            'O' => Make(NpyKind.Object, 8, 8),
            'U' => new NpyDType(NpyKind.Unicode, checked((unicodeCountsBytes ? 1 : 4) * (size ?? 0)), bigEndian),
            'S' or 'a' => new NpyDType(NpyKind.Bytes, size ?? 0, false),
            _ => throw new FormatException($"unsupported numpy type string '{descr}' (only plain numeric, bool, text and object types are supported)"),
        };
    }

    /// <summary>Applies the byte order and element size a pickled dtype's state carries
    /// (numpy's <c>dtype.__setstate__</c>).</summary>
    internal void SetState(char byteOrder, int elementSize)
    {
        if (byteOrder == '>') BigEndian = ItemSize > 1 && Kind is not (NpyKind.Bool or NpyKind.Bytes or NpyKind.Object);
        else if (byteOrder is '<' or '|') BigEndian = false;
        else if (byteOrder == '=') BigEndian = !BitConverter.IsLittleEndian && ItemSize > 1;
        if (elementSize > 0 && Kind is NpyKind.Unicode or NpyKind.Bytes) ItemSize = elementSize;
    }

    /// <inheritdoc />
    public bool Equals(NpyDType? other) => other is not null && Kind == other.Kind && ItemSize == other.ItemSize && BigEndian == other.BigEndian;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is NpyDType d && Equals(d);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, ItemSize, BigEndian);

    /// <summary>The type string, e.g. <c>&lt;f4</c>.</summary>
    public override string ToString() => Descr;
}
