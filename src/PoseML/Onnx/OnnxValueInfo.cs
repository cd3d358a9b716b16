namespace PoseML.Onnx;

/// <summary>ONNX <c>ValueInfoProto</c> (name = 1, type = 2) of a tensor: <c>TypeProto</c> tensor_type = 1 →
/// <c>TypeProto.Tensor</c> (elem_type = 1, shape = 2) → <c>TensorShapeProto</c> dim = 1 → <c>Dimension</c>
/// (dim_value = 1 or dim_param = 2). A null dimension size is written as the symbolic <see cref="BatchDimension"/>.</summary>
internal sealed class OnnxValueInfo : IProtoMessage
{
    /// <summary>The name of the symbolic batch dimension.</summary>
    public const string BatchDimension = "batch";

    private readonly TypeMessage _type;

    /// <summary>A tensor of <paramref name="elementType"/> and the given dimensions (null: symbolic batch).</summary>
    public OnnxValueInfo(string name, OnnxDataType elementType, params long?[] dims)
    {
        Name = name;
        ElementType = elementType;
        Dims = dims;
        _type = new TypeMessage(new TensorTypeMessage(elementType, new ShapeMessage(dims)));
    }

    /// <summary>The value's name.</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public OnnxDataType ElementType { get; }

    /// <summary>The dimensions; null for the symbolic batch dimension.</summary>
    public IReadOnlyList<long?> Dims { get; }

    /// <inheritdoc />
    public long EncodedSize => ProtoSize.StringField(1, Name) + ProtoSize.MessageField(2, _type);

    /// <inheritdoc />
    public void WriteTo(ProtoWriter writer)
    {
        writer.WriteString(1, Name);
        writer.WriteMessage(2, _type);
    }

    private sealed class TypeMessage(TensorTypeMessage tensor) : IProtoMessage
    {
        public long EncodedSize => ProtoSize.MessageField(1, tensor);

        public void WriteTo(ProtoWriter writer) => writer.WriteMessage(1, tensor);
    }

    private sealed class TensorTypeMessage(OnnxDataType elementType, ShapeMessage shape) : IProtoMessage
    {
        public long EncodedSize => ProtoSize.Int64Field(1, (long)elementType) + ProtoSize.MessageField(2, shape);

        public void WriteTo(ProtoWriter writer)
        {
            writer.WriteInt64(1, (long)elementType);
            writer.WriteMessage(2, shape);
        }
    }

    private sealed class ShapeMessage(long?[] dims) : IProtoMessage
    {
        private readonly DimensionMessage[] _dims = dims.Select(d => new DimensionMessage(d)).ToArray();

        public long EncodedSize => _dims.Sum(d => ProtoSize.MessageField(1, d));

        public void WriteTo(ProtoWriter writer)
        {
            foreach (var d in _dims) writer.WriteMessage(1, d);
        }
    }

    private sealed class DimensionMessage(long? value) : IProtoMessage
    {
        public long EncodedSize => value is { } v ? ProtoSize.Int64Field(1, v) : ProtoSize.StringField(2, BatchDimension);

        public void WriteTo(ProtoWriter writer)
        {
            if (value is { } v) writer.WriteInt64(1, v);
            else writer.WriteString(2, BatchDimension);
        }
    }
}
