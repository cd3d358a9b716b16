namespace PoseML.Onnx;

/// <summary>A protocol-buffer message the writer can embed: it knows its encoded size before it is written,
/// so that an enclosing message can write the length prefix without buffering the content.</summary>
internal interface IProtoMessage
{
    /// <summary>Encoded size in bytes (without this message's own key and length prefix).</summary>
    long EncodedSize { get; }

    /// <summary>Writes the fields, in field-number order.</summary>
    void WriteTo(ProtoWriter writer);
}
