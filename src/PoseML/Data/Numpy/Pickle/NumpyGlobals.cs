using System.Collections.Immutable;
using System.Text;

namespace PoseML.Data.Numpy.Pickle;

/// <summary>The only globals <see cref="SafeUnpickler"/> accepts: what numpy 1.x and 2.x pickles of arrays,
/// dtypes and scalars name. Each is a data constructor written here; nothing is imported or called.</summary>
internal static class NumpyGlobals
{
    /// <summary>What a whitelisted global stands for.</summary>
    public enum Kind
    {
        /// <summary><c>numpy.core.multiarray._reconstruct(ndarray, shape, typecode)</c>: an empty array awaiting BUILD.</summary>
        Reconstruct,
        /// <summary><c>numpy.ndarray</c>, only as the first argument of <see cref="Reconstruct"/> or under NEWOBJ.</summary>
        NdArrayType,
        /// <summary><c>numpy.dtype(typestring, align, copy)</c>, then BUILD with the byte order.</summary>
        DType,
        /// <summary><c>numpy.core.multiarray.scalar(dtype, bytes)</c>: a numpy scalar, read as a 0-d array.</summary>
        Scalar,
        /// <summary><c>numpy.core.numeric._frombuffer(buffer, dtype, shape, order)</c>: protocol-5 arrays.</summary>
        FromBuffer,
        /// <summary><c>_codecs.encode(text, 'latin1')</c>: how protocol 2 stores bytes under Python 3.</summary>
        CodecsEncode,
    }

    /// <summary>A resolved global on the unpickler's stack.</summary>
    public sealed record Global(Kind Kind, string Name)
    {
        /// <inheritdoc />
        public override string ToString() => Name;
    }

    private static readonly ImmutableDictionary<string, Kind> Allowed = new Dictionary<string, Kind>
    {
        ["numpy.core.multiarray._reconstruct"] = Kind.Reconstruct,
        ["numpy._core.multiarray._reconstruct"] = Kind.Reconstruct,
        ["numpy.ndarray"] = Kind.NdArrayType,
        ["numpy.dtype"] = Kind.DType,
        ["numpy.core.multiarray.scalar"] = Kind.Scalar,
        ["numpy._core.multiarray.scalar"] = Kind.Scalar,
        ["numpy.core.numeric._frombuffer"] = Kind.FromBuffer,
        ["numpy._core.numeric._frombuffer"] = Kind.FromBuffer,
        ["_codecs.encode"] = Kind.CodecsEncode,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>The accepted globals, for error messages and documentation.</summary>
    public static IEnumerable<string> AllowedNames => Allowed.Keys.Order(StringComparer.Ordinal);

    /// <summary>The whitelisted global <paramref name="module"/>.<paramref name="name"/>, or null.</summary>
    public static Global? Resolve(string module, string name) =>
        Allowed.TryGetValue($"{module}.{name}", out var kind) ? new Global(kind, $"{module}.{name}") : null;

    /// <summary>REDUCE: "calls" <paramref name="callable"/> with <paramref name="args"/> by building the value it
    /// would return.</summary>
    /// <exception cref="PickleFormatException">Arguments of the wrong types or sizes.</exception>
    public static object? Call(Global callable, PickleTuple args, UnpicklerLimits limits)
    {
        switch (callable.Kind)
        {
            case Kind.Reconstruct:
                Arity(callable, args, 3);
                if (args[0] is not Global { Kind: Kind.NdArrayType })
                    throw new PickleFormatException($"{callable.Name} builds only numpy.ndarray, got {SafeUnpickler.Describe(args[0])}");
                return new NpyArray();
            case Kind.DType:
                if (args.Count is < 1 or > 3) throw new PickleFormatException($"numpy.dtype takes 1 to 3 arguments, got {args.Count}");
                if (args[0] is not string typeString) throw new PickleFormatException($"numpy.dtype needs a type string, got {SafeUnpickler.Describe(args[0])}");
                try { return NpyDType.Parse(typeString, unicodeCountsBytes: true); }
                catch (FormatException e) { throw new PickleFormatException(e.Message); }
            case Kind.Scalar:
            {
                if (args.Count is < 1 or > 2) throw new PickleFormatException($"{callable.Name} takes 1 or 2 arguments, got {args.Count}");
                if (args[0] is not NpyDType dtype) throw new PickleFormatException($"{callable.Name} needs a dtype, got {SafeUnpickler.Describe(args[0])}");
                if (dtype.Kind == NpyKind.Object) return args.Count == 2 ? args[1] : null;
                var raw = args.Count == 2 ? RawBytes(args[1], callable.Name) : new byte[dtype.ItemSize];
                if (raw.Length != dtype.ItemSize)
                    throw new PickleFormatException($"{callable.Name}: a {dtype} scalar needs {dtype.ItemSize} bytes, got {raw.Length}");
                return new NpyArray(dtype, [], NpyDecoding.FromBytes(dtype, raw, 1));
            }
            case Kind.FromBuffer:
            {
                Arity(callable, args, 4);
                var raw = RawBytes(args[0], callable.Name);
                if (args[1] is not NpyDType dtype || dtype.Kind == NpyKind.Object)
                    throw new PickleFormatException($"{callable.Name} needs a non-object dtype, got {SafeUnpickler.Describe(args[1])}");
                var shape = Shape(args[2], callable.Name);
                var fortran = args[3] switch
                {
                    "C" => false,
                    "F" => true,
                    _ => throw new PickleFormatException($"{callable.Name}: order must be 'C' or 'F', got {SafeUnpickler.Describe(args[3])}"),
                };
                return MakeArray(dtype, shape, fortran, raw, callable.Name);
            }
            case Kind.CodecsEncode:
            {
                if (args.Count is < 1 or > 2 || args[0] is not string text)
                    throw new PickleFormatException($"_codecs.encode needs (str, encoding), got {args.Count} arguments");
                var encoding = args.Count == 2 ? args[1] as string : "utf-8";
                if (encoding is "latin1" or "latin-1" or "iso-8859-1" or "iso8859-1")
                {
                    foreach (var c in text)
                    {
                        if (c > '\u00ff') throw new PickleFormatException($"_codecs.encode: character U+{(int)c:X4} is not Latin-1");
                    }
                    return Encoding.Latin1.GetBytes(text);
                }
                if (encoding is "utf-8" or "utf8") return Encoding.UTF8.GetBytes(text);
                throw new PickleFormatException($"_codecs.encode: encoding '{encoding}' is not supported; expected 'latin1'");
            }
            default:
                throw new PickleFormatException($"{callable.Name} is a type and cannot be called directly in a pickle");
        }
    }

    /// <summary>NEWOBJ: <c>cls.__new__(cls, *args)</c> for the whitelisted classes.</summary>
    public static object? New(Global cls, PickleTuple args, UnpicklerLimits limits) => cls.Kind switch
    {
        Kind.NdArrayType => new NpyArray(),
        Kind.DType => Call(cls, args, limits),
        _ => throw new PickleFormatException($"{cls.Name} is not a class; NEWOBJ needs numpy.ndarray or numpy.dtype"),
    };

    /// <summary>BUILD on an array: <c>ndarray.__setstate__((version, shape, dtype, is_fortran, data))</c>.</summary>
    public static void BuildArray(NpyArray array, object? state, UnpicklerLimits limits)
    {
        if (state is not PickleTuple t || t.Count is < 4 or > 5)
            throw new PickleFormatException($"ndarray state must be a tuple (version, shape, dtype, is_fortran, data), got {SafeUnpickler.Describe(state)}");
        var offset = t.Count - 4;
        if (offset == 1 && !NpyArray.TryGetInt64(t[0], out _))
            throw new PickleFormatException($"ndarray state version must be an int, got {SafeUnpickler.Describe(t[0])}");
        var shape = Shape(t[offset], "ndarray state");
        if (t[offset + 1] is not NpyDType dtype) throw new PickleFormatException($"ndarray state needs a dtype, got {SafeUnpickler.Describe(t[offset + 1])}");
        if (t[offset + 2] is not bool fortran) throw new PickleFormatException($"ndarray state: is_fortran must be a bool, got {SafeUnpickler.Describe(t[offset + 2])}");
        var data = t[offset + 3];
        if (dtype.Kind == NpyKind.Object)
        {
            if (data is not List<object?> items)
                throw new PickleFormatException($"an object ndarray's state holds a list of its elements, got {SafeUnpickler.Describe(data)}");
            var count = Count(shape, "ndarray state");
            if (items.Count != count)
                throw new PickleFormatException($"object ndarray of shape ({string.Join(",", shape)}) needs {count} elements, its state holds {items.Count}");
            Array values = items.ToArray();
            if (fortran) values = NpyDecoding.FortranToC(values, shape);
            array.SetState(dtype, shape, values);
            return;
        }
        var built = MakeArray(dtype, shape, fortran, RawBytes(data, "ndarray state"), "ndarray state");
        array.SetState(built.DType, built.Shape, built.Data);
    }

    /// <summary>BUILD on a dtype: <c>(version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])</c>.</summary>
    public static void BuildDType(NpyDType dtype, object? state)
    {
        if (state is not PickleTuple t || t.Count < 6)
            throw new PickleFormatException($"dtype state must be a tuple of at least 6 items, got {SafeUnpickler.Describe(state)}");
        if (t[1] is not string { Length: 1 } order || order[0] is not ('<' or '>' or '|' or '='))
            throw new PickleFormatException($"dtype state: byte order must be one of < > | =, got {SafeUnpickler.Describe(t[1])}");
        if (t[2] is not null || t[3] is not null || t[4] is not null)
            throw new PickleFormatException("structured and sub-array dtypes are not supported");
        var elementSize = NpyArray.TryGetInt64(t[5], out var e) ? e : -1;
        dtype.SetState(order[0], (int)Math.Clamp(elementSize, -1, int.MaxValue));
    }

    private static NpyArray MakeArray(NpyDType dtype, ImmutableArray<int> shape, bool fortran, byte[] raw, string what)
    {
        var count = Count(shape, what);
        if (dtype.ItemSize == 0 && count > 0)
            throw new PickleFormatException($"{what}: {count} elements of the zero-width type {dtype} hold no data; expected a width of at least 1");
        // Compare without multiplying: count × ItemSize can overflow a long and wrap onto the buffer's length.
        if (dtype.ItemSize > 0 && (raw.LongLength % dtype.ItemSize != 0 || raw.LongLength / dtype.ItemSize != count))
        {
            var needed = count > long.MaxValue / dtype.ItemSize ? "more than 2^63" : (count * dtype.ItemSize).ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new PickleFormatException($"{what}: shape ({string.Join(",", shape)}) of {dtype} needs {needed} bytes, the pickle holds {raw.LongLength}");
        }
        var data = NpyDecoding.FromBytes(dtype, raw, count);
        if (fortran) data = NpyDecoding.FortranToC(data, shape);
        return new NpyArray(dtype, shape, data);
    }

    private static long Count(ImmutableArray<int> shape, string what)
    {
        try { return NpyArray.CountElements(shape); }
        catch (OverflowException) { throw new PickleFormatException($"{what}: shape ({string.Join(",", shape)}) overflows the element count"); }
    }

    private static ImmutableArray<int> Shape(object? value, string what)
    {
        if (value is not PickleTuple t) throw new PickleFormatException($"{what}: shape must be a tuple of ints, got {SafeUnpickler.Describe(value)}");
        var dims = new int[t.Count];
        for (var i = 0; i < t.Count; i++)
        {
            if (!NpyArray.TryGetInt64(t[i], out var d) || d < 0 || d > int.MaxValue)
                throw new PickleFormatException($"{what}: dimension {i} is {SafeUnpickler.Describe(t[i])}, expected an int in 0..{int.MaxValue}");
            dims[i] = (int)d;
        }
        return [.. dims];
    }

    private static byte[] RawBytes(object? value, string what) => value switch
    {
        byte[] b => b,
        // Python 2 pickles (read with encoding='latin1') carry raw data as text.
        string s when s.All(c => c <= '\u00ff') => Encoding.Latin1.GetBytes(s),
        _ => throw new PickleFormatException($"{what}: expected raw bytes, got {SafeUnpickler.Describe(value)}"),
    };

    private static void Arity(Global g, PickleTuple args, int n)
    {
        if (args.Count != n) throw new PickleFormatException($"{g.Name} takes {n} arguments, got {args.Count}");
    }
}

/// <summary>A malformed pickle; the unpickler adds the source and byte offset.</summary>
internal sealed class PickleFormatException(string message) : Exception(message);
