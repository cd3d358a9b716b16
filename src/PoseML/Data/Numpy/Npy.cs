using System.Buffers.Binary;
using System.Text;
using PoseML.Core;
using PoseML.Data.Numpy.Pickle;

namespace PoseML.Data.Numpy;

/// <summary>Reads numpy <c>.npy</c> files (format versions 1.0, 2.0 and 3.0): the header dictionary
/// (<c>descr</c>, <c>fortran_order</c>, <c>shape</c>), then the elements. Sizes are checked against the bytes
/// actually available before anything is allocated, so a header that lies about its shape fails cleanly.
/// Object arrays are unpickled by <see cref="SafeUnpickler"/> (numpy globals only, nothing executed).</summary>
public static class Npy
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a <c>.npy</c> file.</summary>
    /// <exception cref="DataFormatException">Missing, truncated or malformed file; names the file and the field.</exception>
    /// <exception cref="UnsafePickleException">An object array's pickle names a global outside the numpy whitelist.</exception>
    public static NpyArray Read(string path, NpyReadOptions? options = null)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "file not found");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path, options);
    }

    /// <summary>Reads one array from <paramref name="stream"/>, which is positioned at the magic string.
    /// <paramref name="source"/> names the stream in errors. <paramref name="length"/> is the number of bytes
    /// available from the current position when the stream cannot seek (e.g. a zip entry's declared size).</summary>
    public static NpyArray Read(Stream stream, string source, NpyReadOptions? options = null, long? length = null)
    {
        options ??= NpyReadOptions.Default;
        long? available = stream.CanSeek ? stream.Length - stream.Position : length;
        try
        {
            return ReadCore(stream, source, options, available);
        }
        catch (EndOfStreamException)
        {
            throw new DataFormatException(source, "truncated: the file ends before the data its header declares");
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(source, $"corrupt compressed data ({e.Message})", inner: e);
        }
        catch (NpyDataException e)
        {
            throw new DataFormatException(source, e.Message, field: "data");
        }
    }

    private static NpyArray ReadCore(Stream stream, string source, NpyReadOptions options, long? available)
    {
        Span<byte> prefix = stackalloc byte[12];
        var got = stream.ReadAtLeast(prefix[..8], 8, throwOnEndOfStream: false);
        if (got < 8 || !prefix[..6].SequenceEqual(Magic))
            throw new DataFormatException(source, got < 6 ? "not a .npy file: too short for the magic string" : "not a .npy file: expected the magic string \\x93NUMPY", field: "magic");
        var (major, minor) = (prefix[6], prefix[7]);
        int prefixLength;
        long headerLength;
        if (major == 1 && minor == 0)
        {
            stream.ReadExactly(prefix.Slice(8, 2));
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
            prefixLength = 10;
        }
        else if (major is 2 or 3 && minor == 0)
        {
            stream.ReadExactly(prefix.Slice(8, 4));
            headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
            prefixLength = 12;
        }
        else throw new DataFormatException(source, $"unsupported .npy format version {major}.{minor}; expected 1.0, 2.0 or 3.0", field: "version");
        if (headerLength > options.MaxHeaderBytes)
            throw new DataFormatException(source, $"header of {headerLength} bytes exceeds the limit of {options.MaxHeaderBytes}", field: "header");
        if (available is { } a && headerLength > a - prefixLength)
            throw new DataFormatException(source, $"truncated: header of {headerLength} bytes, only {Math.Max(0, a - prefixLength)} bytes follow", field: "header");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        string headerText;
        try
        {
            headerText = major == 3 ? new UTF8Encoding(false, true).GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        }
        catch (DecoderFallbackException)
        {
            throw new DataFormatException(source, "version 3.0 header is not valid UTF-8", field: "header");
        }
        NpyHeader header;
        try { header = NpyHeader.Parse(headerText); }
        catch (NpyHeaderException e) { throw new DataFormatException(source, e.Message, field: e.Field); }

        long count;
        try { count = NpyArray.CountElements(header.Shape); }
        catch (OverflowException) { throw new DataFormatException(source, $"shape ({string.Join(",", header.Shape)}) overflows the element count", field: "shape"); }
        var remaining = available - prefixLength - headerLength;
        if (header.DType.Kind == NpyKind.Object)
            return ReadObjectArray(stream, source, options, header, remaining);

        if (header.DType.ItemSize == 0 && count > 0)
            throw new DataFormatException(source, $"header declares {count} elements of the zero-width type {header.DType}, which hold no data; expected a width of at least 1 (numpy writes '<U1' or '|S1')", field: "descr");
        var byteCount = count > long.MaxValue / Math.Max(1, header.DType.ItemSize) ? long.MaxValue : count * header.DType.ItemSize;
        if (remaining is { } r && byteCount > r)
            throw new DataFormatException(source, $"header declares shape ({string.Join(",", header.Shape)}) of {header.DType} = {byteCount} bytes, but only {r} bytes follow", field: "shape");
        if (byteCount > options.MaxArrayBytes || count > Array.MaxLength)
            throw new DataFormatException(source, $"array of {byteCount} bytes ({count} elements) exceeds the limit of {Math.Min(options.MaxArrayBytes, Array.MaxLength)} bytes", field: "shape");
        var data = NpyDecoding.FromStream(header.DType, stream, count);
        if (header.FortranOrder) data = NpyDecoding.FortranToC(data, header.Shape);
        return new NpyArray(header.DType, header.Shape, data);
    }

    private static NpyArray ReadObjectArray(Stream stream, string source, NpyReadOptions options, NpyHeader header, long? remaining)
    {
        if (!options.AllowObjectArrays)
            throw new DataFormatException(source, "object array (a pickle) refused: AllowObjectArrays is false", field: "descr");
        var value = SafeUnpickler.Load(stream, source, options.Pickle, remaining);
        if (value is not NpyArray array || array.DType.Kind != NpyKind.Object)
            throw new DataFormatException(source, $"the pickle of an object array holds {SafeUnpickler.Describe(value)}, expected an object ndarray", field: "data");
        if (!array.Shape.SequenceEqual(header.Shape))
            throw new DataFormatException(source, $"the pickled array has shape ({string.Join(",", array.Shape)}), the header says ({string.Join(",", header.Shape)})", field: "shape");
        return array;
    }
}
