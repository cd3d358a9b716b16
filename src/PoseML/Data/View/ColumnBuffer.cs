namespace PoseML.Data.View;

/// <summary>The values of one column for a run of rows, row-major: row r's elements are
/// <c>[r * ElementCount, (r + 1) * ElementCount)</c>. Exactly one of the three memories is used,
/// according to <see cref="Kind"/>.</summary>
public readonly struct ColumnBuffer
{
    private ColumnBuffer(DataKind kind, ReadOnlyMemory<float> floats, ReadOnlyMemory<int> ints, ReadOnlyMemory<string> texts)
    {
        Kind = kind;
        Floats = floats;
        Ints = ints;
        Texts = texts;
    }

    /// <summary>Which memory holds the values.</summary>
    public DataKind Kind { get; }

    /// <summary>Float values (when <see cref="Kind"/> is <see cref="DataKind.Float32"/>).</summary>
    public ReadOnlyMemory<float> Floats { get; }

    /// <summary>Int values (when <see cref="Kind"/> is <see cref="DataKind.Int32"/>).</summary>
    public ReadOnlyMemory<int> Ints { get; }

    /// <summary>Text values (when <see cref="Kind"/> is <see cref="DataKind.Text"/>).</summary>
    public ReadOnlyMemory<string> Texts { get; }

    /// <summary>Number of elements held.</summary>
    public int Length => Kind switch { DataKind.Float32 => Floats.Length, DataKind.Int32 => Ints.Length, _ => Texts.Length };

    /// <summary>Wraps float values.</summary>
    public static ColumnBuffer Of(ReadOnlyMemory<float> values) => new(DataKind.Float32, values, default, default);

    /// <summary>Wraps int values.</summary>
    public static ColumnBuffer Of(ReadOnlyMemory<int> values) => new(DataKind.Int32, default, values, default);

    /// <summary>Wraps text values.</summary>
    public static ColumnBuffer Of(ReadOnlyMemory<string> values) => new(DataKind.Text, default, default, values);

    /// <summary>Wraps float values.</summary>
    public static ColumnBuffer Of(float[] values) => Of((ReadOnlyMemory<float>)values);

    /// <summary>Wraps int values.</summary>
    public static ColumnBuffer Of(int[] values) => Of((ReadOnlyMemory<int>)values);

    /// <summary>Wraps text values.</summary>
    public static ColumnBuffer Of(string[] values) => Of((ReadOnlyMemory<string>)values);

    /// <summary>Elements <c>[start, start + length)</c>, without copying.</summary>
    public ColumnBuffer Slice(int start, int length) => Kind switch
    {
        DataKind.Float32 => Of(Floats.Slice(start, length)),
        DataKind.Int32 => Of(Ints.Slice(start, length)),
        _ => Of(Texts.Slice(start, length)),
    };

    /// <summary>Copies the given rows (each <paramref name="rowSize"/> elements) into a new buffer.</summary>
    public ColumnBuffer SelectRows(ReadOnlySpan<int> rows, int rowSize)
    {
        switch (Kind)
        {
            case DataKind.Float32: return Of(Gather(Floats.Span, rows, rowSize));
            case DataKind.Int32: return Of(Gather(Ints.Span, rows, rowSize));
            default: return Of(Gather(Texts.Span, rows, rowSize));
        }
    }

    private static T[] Gather<T>(ReadOnlySpan<T> source, ReadOnlySpan<int> rows, int rowSize)
    {
        var result = new T[rows.Length * rowSize];
        for (var i = 0; i < rows.Length; i++)
            source.Slice(rows[i] * rowSize, rowSize).CopyTo(result.AsSpan(i * rowSize, rowSize));
        return result;
    }
}
