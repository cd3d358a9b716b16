using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace PoseML.Onnx;

/// <summary>A minimal protocol-buffer encoder over a stream: field keys, varints, fixed32 floats and
/// length-delimited strings, bytes and embedded messages (length from <see cref="IProtoMessage.EncodedSize"/>,
/// so nothing is buffered twice). Enough for ONNX's <c>onnx.proto</c> subset; no code generator involved.</summary>
internal sealed class ProtoWriter
{
    private readonly Stream _stream;
    private readonly byte[] _scratch = new byte[10];

    /// <summary>Writes to <paramref name="stream"/> (not disposed).</summary>
    public ProtoWriter(Stream stream) => _stream = stream ?? throw new ArgumentNullException(nameof(stream));

    /// <summary>A base-128 varint: 7 bits per byte, least significant group first, high bit = more follows.</summary>
    public void WriteVarint(ulong value)
    {
        var n = 0;
        while (value >= 0x80)
        {
            _scratch[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _scratch[n++] = (byte)value;
        _stream.Write(_scratch, 0, n);
    }

    /// <summary>A field key: <c>(field &lt;&lt; 3) | wire type</c> as a varint.</summary>
    public void WriteKey(int field, ProtoWireType type)
    {
        if (field <= 0) throw new ArgumentOutOfRangeException(nameof(field), field, "protobuf field numbers start at 1");
        WriteVarint(((ulong)field << 3) | (ulong)type);
    }

    /// <summary>An int64 / int32 / enum field (two's complement, so negative values take 10 bytes).</summary>
    public void WriteInt64(int field, long value)
    {
        WriteKey(field, ProtoWireType.Varint);
        WriteVarint(unchecked((ulong)value));
    }

    /// <summary>A float field: fixed32, IEEE 754 little-endian.</summary>
    public void WriteFloat(int field, float value)
    {
        WriteKey(field, ProtoWireType.Fixed32);
        BinaryPrimitives.WriteSingleLittleEndian(_scratch, value);
        _stream.Write(_scratch, 0, 4);
    }

    /// <summary>A bytes field.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteKey(field, ProtoWireType.LengthDelimited);
        WriteVarint((ulong)value.Length);
        _stream.Write(value);
    }

    /// <summary>A bytes field holding <paramref name="values"/> as little-endian float32.</summary>
    public void WriteFloatBytes(int field, ReadOnlySpan<float> values)
    {
        WriteKey(field, ProtoWireType.LengthDelimited);
        WriteVarint((ulong)values.Length * 4);
        if (BitConverter.IsLittleEndian)
        {
            _stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        foreach (var v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(_scratch, v);
            _stream.Write(_scratch, 0, 4);
        }
    }

    /// <summary>A bytes field holding <paramref name="values"/> as little-endian int64.</summary>
    public void WriteInt64Bytes(int field, ReadOnlySpan<long> values)
    {
        WriteKey(field, ProtoWireType.LengthDelimited);
        WriteVarint((ulong)values.Length * 8);
        foreach (var v in values)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_scratch, v);
            _stream.Write(_scratch, 0, 8);
        }
    }

    /// <summary>A UTF-8 string field.</summary>
    public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>An embedded message field: key, length, then the message's fields.</summary>
    public void WriteMessage(int field, IProtoMessage message)
    {
        WriteKey(field, ProtoWireType.LengthDelimited);
        WriteVarint((ulong)message.EncodedSize);
        var before = _stream.CanSeek ? _stream.Position : -1;
        message.WriteTo(this);
        if (before >= 0 && _stream.Position - before != message.EncodedSize)
            throw new InvalidOperationException($"{message.GetType().Name} announced {message.EncodedSize} bytes and wrote {_stream.Position - before}");
    }
}
