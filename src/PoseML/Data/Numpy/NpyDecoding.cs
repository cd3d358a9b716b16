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
        return data switch
        {
            bool[] a => Reorder(a, shape),
            sbyte[] a => Reorder(a, shape),
            byte[] a => Reorder(a, shape),
            short[] a => Reorder(a, shape),
            ushort[] a => Reorder(a, shape),
            int[] a => Reorder(a, shape),
            uint[] a => Reorder(a, shape),
            long[] a => Reorder(a, shape),
            ulong[] a => Reorder(a, shape),
            Half[] a => Reorder(a, shape),
            float[] a => Reorder(a, shape),
            double[] a => Reorder(a, shape),
            string[] a => Reorder(a, shape),
            object?[] a => Reorder(a, shape),
            _ => throw new InvalidOperationException($"cannot reorder {data.GetType().Name}"),
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
