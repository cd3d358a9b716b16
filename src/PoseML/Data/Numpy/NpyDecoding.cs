using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace PoseML.Data.Numpy;

/// <summary>Turns raw numpy element bytes into typed .NET arrays: allocation by dtype, byte-order
/// swapping, text decoding and Fortran-to-C reordering.</summary>
internal static class NpyDecoding
{
    /// <summary>The .NET element type that stores elements of <paramref name="dtype"/>.</summary>
    public static Type StorageType(NpyDType dtype) => dtype.Kind switch
    {
        NpyKind.Bool => typeof(bool),
        NpyKind.Int => dtype.ItemSize switch { 1 => typeof(sbyte), 2 => typeof(short), 4 => typeof(int), _ => typeof(long) },
        NpyKind.UInt => dtype.ItemSize switch { 1 => typeof(byte), 2 => typeof(ushort), 4 => typeof(uint), _ => typeof(ulong) },
        NpyKind.Float => dtype.ItemSize switch { 2 => typeof(Half), 4 => typeof(float), _ => typeof(double) },
        NpyKind.Unicode or NpyKind.Bytes => typeof(string),
        _ => typeof(object),
    };

    /// <summary>Decodes <paramref name="count"/> elements from <paramref name="raw"/> (exactly
    /// <c>count × ItemSize</c> bytes, C order).</summary>
    public static Array FromBytes(NpyDType dtype, ReadOnlySpan<byte> raw, long count)
    {
        if (dtype.Kind is NpyKind.Unicode or NpyKind.Bytes) return DecodeText(dtype, raw, count);
        if (dtype.Kind == NpyKind.Object) throw new InvalidOperationException("object arrays are pickled, not raw bytes");
        var array = Array.CreateInstance(StorageType(dtype), count);
        raw.CopyTo(BytesOf(array));
        FixByteOrder(array, dtype);
        return array;
    }

    /// <summary>Reads <paramref name="count"/> elements from <paramref name="stream"/> straight into a new
    /// typed array (no intermediate copy for numeric kinds).</summary>
    /// <exception cref="EndOfStreamException">The stream ends early.</exception>
    public static Array FromStream(NpyDType dtype, Stream stream, long count)
    {
        if (dtype.Kind is NpyKind.Unicode or NpyKind.Bytes)
        {
            var raw = new byte[checked(count * dtype.ItemSize)];
            stream.ReadExactly(raw);
            return DecodeText(dtype, raw, count);
        }
        var array = Array.CreateInstance(StorageType(dtype), count);
        stream.ReadExactly(BytesOf(array));
        FixByteOrder(array, dtype);
        return array;
    }

    private static Span<byte> BytesOf(Array array) => array switch
    {
        bool[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        sbyte[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        byte[] a => a.AsSpan(),
        short[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        ushort[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        int[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        uint[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        long[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        ulong[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        Half[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        float[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        double[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        _ => throw new InvalidOperationException($"no raw bytes for {array.GetType().Name}"),
    };

    private static void FixByteOrder(Array array, NpyDType dtype)
    {
        if (array is bool[] flags)
        {
            // numpy writes 0/1; any non-zero byte is true. Normalise so the bool[] holds canonical values.
            var bytes = MemoryMarshal.AsBytes(flags.AsSpan());
            for (var i = 0; i < bytes.Length; i++) bytes[i] = bytes[i] != 0 ? (byte)1 : (byte)0;
            return;
        }
        if (dtype.BigEndian == !BitConverter.IsLittleEndian || dtype.ItemSize == 1) return;
        var span = BytesOf(array);
        switch (dtype.ItemSize)
        {
            case 2: { var s = MemoryMarshal.Cast<byte, ushort>(span); BinaryPrimitives.ReverseEndianness(s, s); break; }
            case 4: { var s = MemoryMarshal.Cast<byte, uint>(span); BinaryPrimitives.ReverseEndianness(s, s); break; }
            case 8: { var s = MemoryMarshal.Cast<byte, ulong>(span); BinaryPrimitives.ReverseEndianness(s, s); break; }
        }
    }

    private static string[] DecodeText(NpyDType dtype, ReadOnlySpan<byte> raw, long count)
    {
        var result = new string[count];
        if (dtype.ItemSize == 0)
        {
            Array.Fill(result, "");
            return result;
        }
        Encoding encoding = dtype.Kind == NpyKind.Bytes
            ? Encoding.Latin1
            : new UTF32Encoding(bigEndian: dtype.BigEndian, byteOrderMark: false, throwOnInvalidCharacters: true);
        for (long i = 0; i < count; i++)
        {
            var cell = raw.Slice(checked((int)(i * dtype.ItemSize)), dtype.ItemSize);
            try { result[i] = encoding.GetString(cell).TrimEnd('\0'); }
            catch (DecoderFallbackException) { throw new NpyDataException($"text element {i} is not valid UTF-32"); }
        }
        return result;
    }

    /// <summary>Reorders values stored in Fortran (column-major) order into C order for <paramref name="shape"/>.</summary>
    public static Array FortranToC(Array data, IReadOnlyList<int> shape)
    {
        if (shape.Count < 2 || data.LongLength <= 1) return data;
        // Dispatch on the exact element type: the CLR lets a byte[] pass as sbyte[] (and uint[] as int[], …),
        // so type patterns would pick the wrong storage type.
        var element = data.GetType().GetElementType()!;
        if (element == typeof(Half)) return Reorder((Half[])data, shape);
        return Type.GetTypeCode(element) switch
        {
            TypeCode.Boolean => Reorder((bool[])data, shape),
            TypeCode.SByte => Reorder((sbyte[])data, shape),
            TypeCode.Byte => Reorder((byte[])data, shape),
            TypeCode.Int16 => Reorder((short[])data, shape),
            TypeCode.UInt16 => Reorder((ushort[])data, shape),
            TypeCode.Int32 => Reorder((int[])data, shape),
            TypeCode.UInt32 => Reorder((uint[])data, shape),
            TypeCode.Int64 => Reorder((long[])data, shape),
            TypeCode.UInt64 => Reorder((ulong[])data, shape),
            TypeCode.Single => Reorder((float[])data, shape),
            TypeCode.Double => Reorder((double[])data, shape),
            TypeCode.String => Reorder((string[])data, shape),
            _ => Reorder((object?[])data, shape),
        };
    }

    private static T[] Reorder<T>(T[] fortran, IReadOnlyList<int> shape)
    {
        var rank = shape.Count;
        var strides = new long[rank]; // Fortran strides, in elements
        long stride = 1;
        for (var k = 0; k < rank; k++)
        {
            strides[k] = stride;
            stride *= shape[k];
        }
        var c = new T[fortran.LongLength];
        var index = new int[rank];
        long source = 0;
        for (long i = 0; i < c.LongLength; i++)
        {
            c[i] = fortran[source];
            // Odometer over the C index, last axis fastest, keeping the Fortran offset in step.
            for (var k = rank - 1; k >= 0; k--)
            {
                if (++index[k] < shape[k])
                {
                    source += strides[k];
                    break;
                }
                source -= strides[k] * (shape[k] - 1);
                index[k] = 0;
            }
        }
        return c;
    }
}

/// <summary>Element bytes that do not decode (e.g. invalid UTF-32); readers add the source.</summary>
internal sealed class NpyDataException(string message) : Exception(message);
