namespace PoseML.Onnx;

/// <summary>ONNX <c>GraphProto</c> (node = 1, name = 2, initializer = 5, input = 11, output = 12): nodes in
/// topological order, constant initializers, and the graph's typed inputs and outputs.</summary>
internal sealed class OnnxGraph : IProtoMessage
{
    /// <summary>Creates the graph.</summary>
    public OnnxGraph(string name, IReadOnlyList<OnnxNode> nodes, IReadOnlyList<OnnxTensor> initializers,
        IReadOnlyList<OnnxValueInfo> inputs, IReadOnlyList<OnnxValueInfo> outputs)
    {
        Name = name;
        Nodes = nodes;
        Initializers = initializers;
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>The graph's name.</summary>
    public string Name { get; }

    /// <summary>The nodes, topologically sorted.</summary>
    public IReadOnlyList<OnnxNode> Nodes { get; }

    /// <summary>The constants (weights, statistics, index tables).</summary>
    public IReadOnlyList<OnnxTensor> Initializers { get; }

    /// <summary>The graph inputs.</summary>
    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    /// <summary>The graph outputs.</summary>
    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <inheritdoc />
    public long EncodedSize =>
        Nodes.Sum(n => ProtoSize.MessageField(1, n)) + ProtoSize.StringField(2, Name) + Initializers.Sum(t => ProtoSize.MessageField(5, t))
        + Inputs.Sum(v => ProtoSize.MessageField(11, v)) + Outputs.Sum(v => ProtoSize.MessageField(12, v));

    /// <inheritdoc />
    public void WriteTo(ProtoWriter writer)
    {
        foreach (var n in Nodes) writer.WriteMessage(1, n);
        writer.WriteString(2, Name);
        foreach (var t in Initializers) writer.WriteMessage(5, t);
        foreach (var v in Inputs) writer.WriteMessage(11, v);
        foreach (var v in Outputs) writer.WriteMessage(12, v);
    }
}
