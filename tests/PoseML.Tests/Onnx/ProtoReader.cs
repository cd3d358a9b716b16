namespace PoseML.Tests.Onnx;

/// <summary>A minimal protobuf decoder for checking exported files: the top-level fields of a message.</summary>
internal static class ProtoReader
{
    public sealed record ProtoField(int Field, int WireType, ulong Varint, byte[] Bytes);

    public static List<ProtoField> Fields(ReadOnlySpan<byte> message)
    {
        var fields = new List<ProtoField>();
        var pos = 0;
        while (pos < message.Length)
        {
            var key = ReadVarint(message, ref pos);
            int field = (int)(key >> 3), type = (int)(key & 7);
            switch (type)
            {
                case 0: fields.Add(new ProtoField(field, type, ReadVarint(message, ref pos), [])); break;
                case 1: fields.Add(new ProtoField(field, type, 0, message.Slice(pos, 8).ToArray())); pos += 8; break;
                case 2:
                    var length = (int)ReadVarint(message, ref pos);
                    fields.Add(new ProtoField(field, type, 0, message.Slice(pos, length).ToArray()));
                    pos += length;
                    break;
                case 5: fields.Add(new ProtoField(field, type, 0, message.Slice(pos, 4).ToArray())); pos += 4; break;
                default: throw new InvalidDataException($"wire type {type} at byte {pos}");
            }
        }
        return fields;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
