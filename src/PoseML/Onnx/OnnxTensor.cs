namespace PoseML.Onnx;

/// <summary>ONNX <c>TensorProto</c> (dims = 1, data_type = 2, name = 8, raw_data = 9): a named constant,
/// float32 or int64, stored as little-endian <c>raw_data</c>.</summary>
internal sealed class OnnxTensor : IProtoMessage
{
    private readonly float[]? _floats;
    private readonly long[]? _int64s;

    private OnnxTensor(string name, long[] dims, float[]? floats, long[]? int64s)
    {
        var count = dims.Aggregate(1L, (a, d) => a * d);
        var length = floats?.Length ?? int64s!.Length;
        if (count != length) throw new ArgumentException($"tensor '{name}': shape [{string.Join(",", dims)}] needs {count} values, got {length}");
        Name = name;
        Dims = dims;
        _floats = floats;
        _int64s = int64s;
    }

    /// <summary>A float32 tensor (<paramref name="values"/> row-major, not copied).</summary>
    public static OnnxTensor Float(string name, float[] values, params long[] dims) => new(name, dims, values, null);

    /// <summary>An int64 tensor.</summary>
    public static OnnxTensor Int64(string name, long[] values, params long[] dims) => new(name, dims, null, values);

    /// <summary>The name (initializers are referenced by it).</summary>
    public string Name { get; }

    /// <summary>The shape.</summary>
    public long[] Dims { get; }

    /// <summary>The element type.</summary>
    public OnnxDataType DataType => _floats is null ? OnnxDataType.Int64 : OnnxDataType.Float;

    /// <summary>The float32 values, or null for an int64 tensor.</summary>
    public float[]? Floats => _floats;

    /// <summary>The int64 values, or null for a float32 tensor.</summary>
    public long[]? Int64s => _int64s;

    private long RawLength => _floats is not null ? _floats.LongLength * 4 : _int64s!.LongLength * 8;

    /// <inheritdoc />
    public long EncodedSize
    {
        get
        {
            var size = Dims.Sum(d => ProtoSize.Int64Field(1, d)) + ProtoSize.Int64Field(2, (long)DataType) + ProtoSize.StringField(8, Name);
            return size + ProtoSize.BytesField(9, RawLength);
        }
    }

    /// <inheritdoc />
    public void WriteTo(ProtoWriter writer)
    {
        foreach (var d in Dims) writer.WriteInt64(1, d);
        writer.WriteInt64(2, (long)DataType);
        writer.WriteString(8, Name);
        if (_floats is not null) writer.WriteFloatBytes(9, _floats);
        else writer.WriteInt64Bytes(9, _int64s!);
    }
}
