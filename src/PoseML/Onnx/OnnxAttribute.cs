namespace PoseML.Onnx;

/// <summary>ONNX <c>AttributeProto</c> (name = 1, f = 2, i = 3, t = 5, ints = 8, type = 20) of type FLOAT (1),
/// INT (2), TENSOR (4) or INTS (7).</summary>
internal sealed class OnnxAttribute : IProtoMessage
{
    private const int TypeFloat = 1, TypeInt = 2, TypeTensor = 4, TypeInts = 7;
    private readonly int _type;
    private readonly float _f;
    private readonly long _i;
    private readonly OnnxTensor? _t;
    private readonly long[]? _ints;

    private OnnxAttribute(string name, int type, float f = 0, long i = 0, OnnxTensor? t = null, long[]? ints = null)
    {
        Name = name;
        _type = type;
        _f = f;
        _i = i;
        _t = t;
        _ints = ints;
    }

    /// <summary>A FLOAT attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new(name, TypeFloat, f: value);

    /// <summary>An INT attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, TypeInt, i: value);

    /// <summary>A TENSOR attribute (e.g. <c>Constant</c>'s value).</summary>
    public static OnnxAttribute Tensor(string name, OnnxTensor value) => new(name, TypeTensor, t: value);

    /// <summary>An INTS attribute (e.g. <c>Transpose</c>'s perm).</summary>
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, TypeInts, ints: values);

    /// <summary>The attribute's name.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public long EncodedSize
    {
        get
        {
            var size = ProtoSize.StringField(1, Name) + ProtoSize.Int64Field(20, _type);
            return size + _type switch
            {
                TypeFloat => ProtoSize.FloatField(2),
                TypeInt => ProtoSize.Int64Field(3, _i),
                TypeTensor => ProtoSize.MessageField(5, _t!),
                _ => _ints!.Sum(v => ProtoSize.Int64Field(8, v)),
            };
        }
    }

    /// <inheritdoc />
    public void WriteTo(ProtoWriter writer)
    {
        writer.WriteString(1, Name);
        switch (_type)
        {
            case TypeFloat: writer.WriteFloat(2, _f); break;
            case TypeInt: writer.WriteInt64(3, _i); break;
            case TypeTensor: writer.WriteMessage(5, _t!); break;
            default:
                foreach (var v in _ints!) writer.WriteInt64(8, v);
                break;
        }
        writer.WriteInt64(20, _type);
    }
}
