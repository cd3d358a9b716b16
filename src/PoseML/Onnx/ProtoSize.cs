using System.Text;

namespace PoseML.Onnx;

/// <summary>Encoded sizes of protocol-buffer fields, matching what <see cref="ProtoWriter"/> writes.</summary>
internal static class ProtoSize
{
    /// <summary>Bytes of <paramref name="value"/> as a base-128 varint (1 to 10).</summary>
    public static int Varint(ulong value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }
        return n;
    }

    /// <summary>Bytes of a field key.</summary>
    public static int Key(int field) => Varint((ulong)field << 3);

    /// <summary>An int64 / int32 / enum field (negative values take 10 bytes, as protobuf encodes them).</summary>
    public static long Int64Field(int field, long value) => Key(field) + Varint(unchecked((ulong)value));

    /// <summary>A float field (fixed32).</summary>
    public static long FloatField(int field) => Key(field) + 4;

    /// <summary>A length-delimited field of <paramref name="length"/> content bytes.</summary>
    public static long BytesField(int field, long length) => Key(field) + Varint((ulong)length) + length;

    /// <summary>A UTF-8 string field.</summary>
    public static long StringField(int field, string value) => BytesField(field, Encoding.UTF8.GetByteCount(value));

    /// <summary>An embedded message field.</summary>
    public static long MessageField(int field, IProtoMessage message) => BytesField(field, message.EncodedSize);
}
