using System.Buffers.Binary;

namespace PoseML.Data.Numpy.Pickle;

/// <summary>A buffered, bounded byte reader for the unpickler. Every declared length is checked against
/// the bytes known to remain (and the byte limit) before a buffer is allocated for it.</summary>
internal sealed class PickleInput
{
    private readonly Stream _stream;
    private readonly long _limit;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _start, _end;

    /// <param name="stream">The source, positioned at the pickle's first byte.</param>
    /// <param name="available">Bytes known to remain in the stream, when known.</param>
    /// <param name="maxBytes">Most bytes the pickle may span.</param>
    public PickleInput(Stream stream, long? available, long maxBytes)
    {
        _stream = stream;
        _limit = available is { } a ? Math.Min(a, maxBytes) : maxBytes;
        LimitIsLength = available is { } b && b <= maxBytes;
    }

    /// <summary>Bytes consumed so far.</summary>
    public long Position { get; private set; }

    /// <summary>True when the limit is the stream's real length (so exceeding it means truncation).</summary>
    private bool LimitIsLength { get; }

    /// <summary>Throws unless <paramref name="count"/> more bytes may follow.</summary>
    public void Require(long count, string what)
    {
        if (count < 0 || count > _limit - Position)
        {
            if (LimitIsLength) throw new PickleFormatException($"{what} declares {count} bytes, only {_limit - Position} remain (truncated or corrupt)");
            throw new PickleFormatException($"{what} declares {count} bytes, beyond the limit of {_limit} bytes per pickle");
        }
    }

    private void Fill()
    {
        if (_start < _end) return;
        if (Position >= _limit) throw new EndOfStreamException();
        var want = (int)Math.Min(_buffer.Length, _limit - Position);
        _start = 0;
        _end = _stream.Read(_buffer, 0, want);
        if (_end <= 0)
        {
            _end = 0;
            throw new EndOfStreamException();
        }
    }

    public byte ReadByte()
    {
        Fill();
        Position++;
        return _buffer[_start++];
    }

    public void ReadExactly(Span<byte> destination)
    {
        Require(destination.Length, "a value");
        while (destination.Length > 0)
        {
            Fill();
            var n = Math.Min(destination.Length, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(destination);
            _start += n;
            Position += n;
            destination = destination[n..];
        }
    }

    public byte[] ReadBytes(long count, string what)
    {
        Require(count, what);
        if (count > Array.MaxLength) throw new PickleFormatException($"{what} of {count} bytes exceeds the largest .NET array");
        var result = new byte[count];
        ReadExactly(result);
        return result;
    }

    public ushort ReadUInt16()
    {
        Span<byte> b = stackalloc byte[2];
        ReadExactly(b);
        return BinaryPrimitives.ReadUInt16LittleEndian(b);
    }

    public int ReadInt32()
    {
        Span<byte> b = stackalloc byte[4];
        ReadExactly(b);
        return BinaryPrimitives.ReadInt32LittleEndian(b);
    }

    public uint ReadUInt32() => unchecked((uint)ReadInt32());

    public ulong ReadUInt64()
    {
        Span<byte> b = stackalloc byte[8];
        ReadExactly(b);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    /// <summary>Reads up to a newline (not included); lines longer than <paramref name="maxLength"/> are refused.</summary>
    public string ReadLine(int maxLength, string what)
    {
        var chars = new List<byte>();
        while (true)
        {
            var b = ReadByte();
            if (b == (byte)'\n') break;
            if (chars.Count >= maxLength) throw new PickleFormatException($"{what} is longer than {maxLength} bytes");
            chars.Add(b);
        }
        return System.Text.Encoding.UTF8.GetString(chars.ToArray());
    }
}
