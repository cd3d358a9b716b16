namespace PoseML.Onnx;

/// <summary>ONNX <c>NodeProto</c> (input = 1, output = 2, name = 3, op_type = 4, attribute = 5, domain = 7):
/// one operator application. The domain is left out, which means the default <c>ai.onnx</c> domain.</summary>
internal sealed class OnnxNode : IProtoMessage
{
    /// <summary>A node of <paramref name="opType"/> from <paramref name="inputs"/> to <paramref name="outputs"/>.</summary>
    public OnnxNode(string opType, string name, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params OnnxAttribute[] attributes)
    {
        OpType = opType;
        Name = name;
        Inputs = inputs;
        Outputs = outputs;
        Attributes = attributes;
    }

    /// <summary>The operator, e.g. <c>Gemm</c>.</summary>
    public string OpType { get; }

    /// <summary>The node's name (unique within the graph).</summary>
    public string Name { get; }

    /// <summary>Input value names.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>Output value names.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>The attributes.</summary>
    public IReadOnlyList<OnnxAttribute> Attributes { get; }

    /// <inheritdoc />
    public long EncodedSize =>
        Inputs.Sum(i => ProtoSize.StringField(1, i)) + Outputs.Sum(o => ProtoSize.StringField(2, o))
        + ProtoSize.StringField(3, Name) + ProtoSize.StringField(4, OpType) + Attributes.Sum(a => ProtoSize.MessageField(5, a));

    /// <inheritdoc />
    public void WriteTo(ProtoWriter writer)
    {
        foreach (var i in Inputs) writer.WriteString(1, i);
        foreach (var o in Outputs) writer.WriteString(2, o);
        writer.WriteString(3, Name);
        writer.WriteString(4, OpType);
        foreach (var a in Attributes) writer.WriteMessage(5, a);
    }
}
