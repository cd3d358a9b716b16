using System.Collections.Immutable;
using System.Numerics;

namespace PoseML.Data.Numpy;

/// <summary>A numpy array read from a <c>.npy</c> file, an <c>.npz</c> entry or a pickle: its element type,
/// its shape and its values in C (row-major) order. Fortran-ordered and big-endian inputs are converted
/// on read, so <see cref="Data"/> is always C order in this machine's byte order.
/// <see cref="Data"/> is a <c>float[]</c>, <c>double[]</c>, <c>Half[]</c>, <c>sbyte/short/int/long[]</c>,
/// <c>byte/ushort/uint/ulong[]</c>, <c>bool[]</c>, <c>string[]</c> (text kinds) or <c>object?[]</c>
/// (object arrays, holding unpickled values) according to <see cref="DType"/>.</summary>
public sealed class NpyArray
{
    private static readonly NpyDType EmptyDType = new(NpyKind.UInt, 1, false);

    /// <summary>Creates an array; <paramref name="data"/> must be the storage type of <paramref name="dtype"/>
    /// with exactly the product of <paramref name="shape"/> elements, in C order.</summary>
    public NpyArray(NpyDType dtype, IEnumerable<int> shape, Array data)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        ArgumentNullException.ThrowIfNull(data);
        var dims = shape.ToImmutableArray();
        var count = CountElements(dims);
        var expectedType = NpyDecoding.StorageType(dtype);
        if (data.GetType().GetElementType() != expectedType)
            throw new ArgumentException($"a {dtype} array stores {expectedType.Name}[], got {data.GetType().Name}", nameof(data));
        if (data.LongLength != count)
            throw new ArgumentException($"shape ({string.Join(",", dims)}) needs {count} elements, got {data.LongLength}", nameof(data));
        DType = dtype;
        Shape = dims;
        Data = data;
    }

    /// <summary>An unbuilt array (numpy's <c>_reconstruct</c> result before <c>__setstate__</c>): empty uint8.</summary>
    internal NpyArray()
    {
        DType = EmptyDType;
        Shape = [0];
        Data = Array.Empty<byte>();
    }

    /// <summary>The element type as stored in the file.</summary>
    public NpyDType DType { get; private set; }

    /// <summary>The dimensions; empty for a 0-d array (a scalar).</summary>
    public ImmutableArray<int> Shape { get; private set; }

    /// <summary>The values in C order (see the class remarks for the array type).</summary>
    public Array Data { get; private set; }

    /// <summary>Number of elements (the product of <see cref="Shape"/>; 1 for a 0-d array).</summary>
    public long Length => Data.LongLength;

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>Replaces shape, type and values at once (pickle BUILD).</summary>
    internal void SetState(NpyDType dtype, ImmutableArray<int> shape, Array data)
    {
        DType = dtype;
        Shape = shape;
        Data = data;
    }

    /// <summary>The product of the dimensions, checked against overflow.</summary>
    internal static long CountElements(IReadOnlyList<int> shape)
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension {d}");
            count = checked(count * d);
        }
        return count;
    }

    /// <summary>The values as float32 (float64 values are rounded, integers and booleans converted).</summary>
    /// <exception cref="InvalidCastException">Text or object elements.</exception>
    public float[] ToSingleArray()
    {
        if (ElementCode == TypeCode.Single) return (float[])((float[])Data).Clone();
        var wide = ToDoubleArray();
        var result = new float[wide.LongLength];
        for (long i = 0; i < wide.LongLength; i++) result[i] = (float)wide[i];
        return result;
    }

    /// <summary>The values as float64 (exact for every numeric kind except 64-bit integers beyond 2^53).</summary>
    /// <exception cref="InvalidCastException">Text or object elements.</exception>
    public double[] ToDoubleArray()
    {
        var result = new double[Data.LongLength];
        switch (ElementCode)
        {
            case TypeCode.Double: Array.Copy(Data, result, result.LongLength); break;
            case TypeCode.Single: Widen((float[])Data, result, v => v); break;
            case TypeCode.Empty: Widen((Half[])Data, result, v => (double)v); break;
            case TypeCode.Boolean: Widen((bool[])Data, result, v => v ? 1 : 0); break;
            case TypeCode.SByte: Widen((sbyte[])Data, result, v => v); break;
            case TypeCode.Byte: Widen((byte[])Data, result, v => v); break;
            case TypeCode.Int16: Widen((short[])Data, result, v => v); break;
            case TypeCode.UInt16: Widen((ushort[])Data, result, v => v); break;
            case TypeCode.Int32: Widen((int[])Data, result, v => v); break;
            case TypeCode.UInt32: Widen((uint[])Data, result, v => v); break;
            case TypeCode.Int64: Widen((long[])Data, result, v => v); break;
            case TypeCode.UInt64: Widen((ulong[])Data, result, v => v); break;
            default: throw new InvalidCastException($"a {DType} array has no numeric values");
        }
        return result;
    }

    /// <summary>The values as 64-bit integers.</summary>
    /// <exception cref="InvalidCastException">Floating-point values that are not whole, values out of range,
    /// or non-numeric elements.</exception>
    public long[] ToInt64Array()
    {
        var result = new long[Data.LongLength];
        switch (ElementCode)
        {
            case TypeCode.Int64: Array.Copy(Data, result, result.LongLength); break;
            case TypeCode.Single or TypeCode.Double or TypeCode.Empty:
            {
                var d = ToDoubleArray();
                for (long i = 0; i < d.LongLength; i++)
                {
                    if (d[i] != Math.Floor(d[i]) || d[i] < long.MinValue || d[i] >= 9.2233720368547758E18)
                        throw new InvalidCastException($"element {i} ({d[i]}) of a {DType} array is not a whole number in the int64 range");
                    result[i] = (long)d[i];
                }
                break;
            }
            case TypeCode.UInt64:
            {
                var u = (ulong[])Data;
                for (long i = 0; i < u.LongLength; i++)
                    result[i] = u[i] <= long.MaxValue ? (long)u[i] : throw new InvalidCastException($"element {i} ({u[i]}) exceeds the int64 range");
                break;
            }
            case TypeCode.Boolean: Widen((bool[])Data, result, v => v ? 1 : 0); break;
            case TypeCode.SByte: Widen((sbyte[])Data, result, v => v); break;
            case TypeCode.Byte: Widen((byte[])Data, result, v => v); break;
            case TypeCode.Int16: Widen((short[])Data, result, v => v); break;
            case TypeCode.UInt16: Widen((ushort[])Data, result, v => v); break;
            case TypeCode.Int32: Widen((int[])Data, result, v => v); break;
            case TypeCode.UInt32: Widen((uint[])Data, result, v => v); break;
            default: throw new InvalidCastException($"a {DType} array has no numeric values");
        }
        return result;
    }

    /// <summary>The exact element type code (<see cref="TypeCode.Empty"/> stands for <see cref="Half"/>). Type
    /// patterns cannot be used: the CLR lets a <c>byte[]</c> pass as <c>sbyte[]</c>, a <c>uint[]</c> as <c>int[]</c>.</summary>
    private TypeCode ElementCode
    {
        get
        {
            var element = Data.GetType().GetElementType()!;
            return element == typeof(Half) ? TypeCode.Empty : Type.GetTypeCode(element);
        }
    }

    private static void Widen<TIn, TOut>(TIn[] source, TOut[] destination, Func<TIn, TOut> convert)
    {
        for (long i = 0; i < source.LongLength; i++) destination[i] = convert(source[i]);
    }

    /// <summary>The values as 32-bit integers.</summary>
    /// <exception cref="InvalidCastException">A value is not a whole number in the int32 range, or the
    /// elements are not numeric.</exception>
    public int[] ToInt32Array()
    {
        if (ElementCode == TypeCode.Int32) return (int[])((int[])Data).Clone();
        var wide = ToInt64Array();
        var result = new int[wide.LongLength];
        for (long i = 0; i < wide.LongLength; i++)
            result[i] = wide[i] is >= int.MinValue and <= int.MaxValue ? (int)wide[i] : throw new InvalidCastException($"element {i} ({wide[i]}) exceeds the int32 range");
        return result;
    }

    /// <summary>The values of a text array (<c>U</c> or <c>S</c> kinds).</summary>
    /// <exception cref="InvalidCastException">The array is not a text array.</exception>
    public string[] ToStringArray() =>
        ElementCode == TypeCode.String ? (string[])((string[])Data).Clone() : throw new InvalidCastException($"a {DType} array is not a text array");

    /// <summary>The single element of a 0-d or one-element array, like numpy's <c>item()</c>: an unpickled
    /// value for object arrays, otherwise the number, bool or string.</summary>
    /// <exception cref="InvalidOperationException">The array has more or fewer than one element.</exception>
    public object? Item() =>
        Data.LongLength == 1
            ? Data.GetValue(0)
            : throw new InvalidOperationException($"item() needs exactly one element; this {DType} array has shape ({string.Join(",", Shape)})");

    /// <summary>E.g. <c>ndarray(&lt;f4, shape=(2,3))</c>.</summary>
    public override string ToString() => $"ndarray({DType}, shape=({string.Join(",", Shape)}{(Shape.Length == 1 ? "," : "")}))";

    /// <summary>Reads <paramref name="value"/> as an integer when it is a Python int/bool or a 0-d numeric array
    /// (numpy integer scalars unpickle as 0-d arrays); false otherwise.</summary>
    public static bool TryGetInt64(object? value, out long result)
    {
        switch (value)
        {
            case long l: result = l; return true;
            case bool b: result = b ? 1 : 0; return true;
            case BigInteger big when big >= long.MinValue && big <= long.MaxValue: result = (long)big; return true;
            case NpyArray { Length: 1, DType.Kind: NpyKind.Int or NpyKind.UInt or NpyKind.Bool } a:
                try { result = a.ToInt64Array()[0]; return true; }
                catch (InvalidCastException) { break; }
        }
        result = 0;
        return false;
    }
}
