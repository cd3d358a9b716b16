namespace PoseML.Onnx;

/// <summary>ONNX <c>ModelProto</c> (ir_version = 1, producer_name = 2, producer_version = 3, graph = 7,
/// opset_import = 8, metadata_props = 14) with one default-domain opset import
/// (<c>OperatorSetIdProto</c> domain = 1, version = 2) and string metadata (<c>StringStringEntryProto</c>
/// key = 1, value = 2).</summary>
internal sealed class OnnxModel : IProtoMessage
{
    /// <summary>A model of <paramref name="graph"/> at <see cref="OnnxFormat.IrVersion"/> / <see cref="OnnxFormat.Opset"/>.</summary>
    public OnnxModel(OnnxGraph graph, IReadOnlyList<KeyValuePair<string, string>> metadata, string producerVersion)
    {
        Graph = graph;
        Metadata = metadata;
        ProducerVersion = producerVersion;
    }

    /// <summary>The graph.</summary>
    public OnnxGraph Graph { get; }

    /// <summary>Key/value metadata (<c>metadata_props</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; }

    /// <summary>The producer's version.</summary>
    public string ProducerVersion { get; }

    private static readonly OpsetMessage DefaultOpset = new("", OnnxFormat.Opset);

    /// <inheritdoc />
    public long EncodedSize =>
        ProtoSize.Int64Field(1, OnnxFormat.IrVersion) + ProtoSize.StringField(2, OnnxFormat.ProducerName) + ProtoSize.StringField(3, ProducerVersion)
        + ProtoSize.MessageField(7, Graph) + ProtoSize.MessageField(8, DefaultOpset)
        + Metadata.Sum(m => ProtoSize.MessageField(14, new EntryMessage(m.Key, m.Value)));

    /// <inheritdoc />
    public void WriteTo(ProtoWriter writer)
    {
        writer.WriteInt64(1, OnnxFormat.IrVersion);
        writer.WriteString(2, OnnxFormat.ProducerName);
        writer.WriteString(3, ProducerVersion);
        writer.WriteMessage(7, Graph);
        writer.WriteMessage(8, DefaultOpset);
        foreach (var m in Metadata) writer.WriteMessage(14, new EntryMessage(m.Key, m.Value));
    }

    /// <summary>Writes the model to a byte array.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream(checked((int)EncodedSize));
        WriteTo(new ProtoWriter(stream));
        return stream.ToArray();
    }

    private sealed class OpsetMessage(string domain, long version) : IProtoMessage
    {
        public long EncodedSize => ProtoSize.StringField(1, domain) + ProtoSize.Int64Field(2, version);

        public void WriteTo(ProtoWriter writer)
        {
            writer.WriteString(1, domain);
            writer.WriteInt64(2, version);
        }
    }

    private sealed class EntryMessage(string key, string value) : IProtoMessage
    {
        public long EncodedSize => ProtoSize.StringField(1, key) + ProtoSize.StringField(2, value);

        public void WriteTo(ProtoWriter writer)
        {
            writer.WriteString(1, key);
            writer.WriteString(2, value);
        }
    }
}
