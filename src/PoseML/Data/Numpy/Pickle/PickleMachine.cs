using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace PoseML.Data.Numpy.Pickle;

/// <summary>The pickle virtual machine of <see cref="SafeUnpickler"/>: a stack machine over the opcodes of
/// protocols 2 to 5 that plain data and numpy arrays use. Globals resolve only to
/// <see cref="NumpyGlobals"/>; any other global stops the run with <see cref="UnsafePickleException"/>.</summary>
internal sealed class PickleMachine
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false, false);
    private readonly PickleInput _in;
    private readonly string _source;
    private readonly UnpicklerLimits _limits;
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];

    public PickleMachine(PickleInput input, string source, UnpicklerLimits limits)
    {
        _in = input;
        _source = source;
        _limits = limits;
    }

    /// <summary>Runs to STOP and returns the value left on the stack.</summary>
    public object? Run()
    {
        while (true)
        {
            var op = _in.ReadByte();
            if (op == (byte)'.')
            {
                if (_stack.Count == 0) throw new PickleFormatException("STOP with an empty stack");
                return _stack[^1];
            }
            Step(op);
            if (_stack.Count > _limits.MaxStackItems)
                throw new PickleFormatException($"more than {_limits.MaxStackItems} values on the stack (limit MaxStackItems)");
        }
    }

    private void Step(byte op)
    {
        switch (op)
        {
            // ---- framing and protocol
            case 0x80: // PROTO
                var protocol = _in.ReadByte();
                if (protocol > 5) throw new PickleFormatException($"pickle protocol {protocol} is not supported; expected 2 to 5");
                break;
            case 0x95: // FRAME: a size hint only
                _in.ReadUInt64();
                break;

            // ---- constants and numbers
            case (byte)'N': Push(null); break;
            case 0x88: Push(true); break;
            case 0x89: Push(false); break;
            case (byte)'J': Push((long)_in.ReadInt32()); break; // BININT
            case (byte)'K': Push((long)_in.ReadByte()); break; // BININT1
            case (byte)'M': Push((long)_in.ReadUInt16()); break; // BININT2
            case 0x8a: Push(ReadLong(_in.ReadByte())); break; // LONG1
            case 0x8b: // LONG4
            {
                var n = _in.ReadInt32();
                if (n is < 0 or > 4096) throw new PickleFormatException($"LONG4 of {n} bytes; at most 4096 are supported");
                Push(ReadLong(n));
                break;
            }
            case (byte)'G': // BINFLOAT, big-endian
            {
                Span<byte> b = stackalloc byte[8];
                _in.ReadExactly(b);
                Push(BinaryPrimitives.ReadDoubleBigEndian(b));
                break;
            }
            case (byte)'I': // INT (text; 00/01 are False/True)
            {
                var line = _in.ReadLine(64, "INT");
                if (line == "00") Push(false);
                else if (line == "01") Push(true);
                else Push(ParseInteger(line, "INT"));
                break;
            }
            case (byte)'L': // LONG (text)
                Push(ParseInteger(_in.ReadLine(4096, "LONG").TrimEnd('L'), "LONG"));
                break;
            case (byte)'F': // FLOAT (text)
            {
                var line = _in.ReadLine(64, "FLOAT");
                Push(double.TryParse(line, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new PickleFormatException($"FLOAT '{line}' is not a number"));
                break;
            }

            // ---- strings and bytes
            case (byte)'X': Push(Utf8.GetString(_in.ReadBytes(_in.ReadUInt32(), "BINUNICODE"))); break;
            case 0x8c: Push(Utf8.GetString(_in.ReadBytes(_in.ReadByte(), "SHORT_BINUNICODE"))); break;
            case 0x8d: Push(Utf8.GetString(_in.ReadBytes(Length64("BINUNICODE8"), "BINUNICODE8"))); break;
            case (byte)'B': Push(_in.ReadBytes(_in.ReadUInt32(), "BINBYTES")); break;
            case (byte)'C': Push(_in.ReadBytes(_in.ReadByte(), "SHORT_BINBYTES")); break;
            case 0x8e: Push(_in.ReadBytes(Length64("BINBYTES8"), "BINBYTES8")); break;
            case 0x96: Push(_in.ReadBytes(Length64("BYTEARRAY8"), "BYTEARRAY8")); break;
            // Python 2 str: read as bytes (numpy's loaders use encoding='latin1' / 'bytes' for these).
            case (byte)'T': Push(_in.ReadBytes(_in.ReadInt32(), "BINSTRING")); break;
            case (byte)'U': Push(_in.ReadBytes(_in.ReadByte(), "SHORT_BINSTRING")); break;
            case 0x97: throw new PickleFormatException("NEXT_BUFFER: out-of-band buffers are not supported (the pickle was written with a buffer_callback)");
            case 0x98: // READONLY_BUFFER: the top value stays as it is
                if (Peek("READONLY_BUFFER") is not byte[]) throw new PickleFormatException("READONLY_BUFFER on a value that is not a buffer");
                break;

            // ---- containers
            case (byte)'}': Push(new PickleDict()); break;
            case (byte)']': Push(new List<object?>()); break;
            case (byte)')': Push(PickleTuple.Empty); break;
            case (byte)'(': // MARK
                if (_marks.Count >= _limits.MaxDepth) throw new PickleFormatException($"more than {_limits.MaxDepth} nested MARKs (limit MaxDepth)");
                _marks.Push(_stack.Count);
                break;
            case (byte)'t': Push(MakeTuple(PopMark("TUPLE"))); break;
            case 0x85: { var a = Pop("TUPLE1"); Push(MakeTuple([a])); break; }
            case 0x86: { var b = Pop("TUPLE2"); var a = Pop("TUPLE2"); Push(MakeTuple([a, b])); break; }
            case 0x87: { var c = Pop("TUPLE3"); var b = Pop("TUPLE3"); var a = Pop("TUPLE3"); Push(MakeTuple([a, b, c])); break; }
            case (byte)'l': Push(PopMark("LIST").ToList()); break;
            case (byte)'d': // DICT
            {
                var items = PopMark("DICT");
                var dict = new PickleDict();
                SetItems(dict, items, "DICT");
                Push(dict);
                break;
            }
            case (byte)'a': // APPEND
            {
                var value = Pop("APPEND");
                List("APPEND").Add(value);
                break;
            }
            case (byte)'e': // APPENDS
            {
                var items = PopMark("APPENDS");
                List("APPENDS").AddRange(items);
                break;
            }
            case (byte)'s': // SETITEM
            {
                var value = Pop("SETITEM");
                var key = Pop("SETITEM");
                SetItems(Dict("SETITEM"), [key, value], "SETITEM");
                break;
            }
            case (byte)'u': // SETITEMS
            {
                var items = PopMark("SETITEMS");
                SetItems(Dict("SETITEMS"), items, "SETITEMS");
                break;
            }
            case (byte)'0': Pop("POP"); break;
            case (byte)'1': PopMark("POP_MARK"); break;
            case (byte)'2': Push(Peek("DUP")); break;

            // ---- memo
            case 0x94: Memo(_memo.Count, "MEMOIZE"); break;
            case (byte)'q': Memo(_in.ReadByte(), "BINPUT"); break;
            case (byte)'r': Memo(_in.ReadUInt32(), "LONG_BINPUT"); break;
            case (byte)'p': Memo(ParseMemoIndex(_in.ReadLine(32, "PUT"), "PUT"), "PUT"); break;
            case (byte)'h': Push(Recall(_in.ReadByte(), "BINGET")); break;
            case (byte)'j': Push(Recall(_in.ReadUInt32(), "LONG_BINGET")); break;
            case (byte)'g': Push(Recall(ParseMemoIndex(_in.ReadLine(32, "GET"), "GET"), "GET")); break;

            // ---- globals and object construction (numpy whitelist only)
            case (byte)'c': // GLOBAL
            {
                var module = _in.ReadLine(256, "GLOBAL module");
                var name = _in.ReadLine(256, "GLOBAL name");
                Push(ResolveGlobal(module, name));
                break;
            }
            case 0x93: // STACK_GLOBAL
            {
                var name = Pop("STACK_GLOBAL") as string ?? throw new PickleFormatException("STACK_GLOBAL needs two strings");
                var module = Pop("STACK_GLOBAL") as string ?? throw new PickleFormatException("STACK_GLOBAL needs two strings");
                Push(ResolveGlobal(module, name));
                break;
            }
            case (byte)'R': // REDUCE
            {
                var args = Pop("REDUCE") as PickleTuple ?? throw new PickleFormatException("REDUCE needs an argument tuple");
                var callable = Pop("REDUCE") as NumpyGlobals.Global ?? throw new PickleFormatException("REDUCE needs a callable global");
                Push(NumpyGlobals.Call(callable, args, _limits));
                break;
            }
            case 0x81: // NEWOBJ
            {
                var args = Pop("NEWOBJ") as PickleTuple ?? throw new PickleFormatException("NEWOBJ needs an argument tuple");
                var cls = Pop("NEWOBJ") as NumpyGlobals.Global ?? throw new PickleFormatException("NEWOBJ needs a class");
                Push(NumpyGlobals.New(cls, args, _limits));
                break;
            }
            case 0x92: // NEWOBJ_EX
            {
                var kwargs = Pop("NEWOBJ_EX") as PickleDict ?? throw new PickleFormatException("NEWOBJ_EX needs a keyword dict");
                var args = Pop("NEWOBJ_EX") as PickleTuple ?? throw new PickleFormatException("NEWOBJ_EX needs an argument tuple");
                var cls = Pop("NEWOBJ_EX") as NumpyGlobals.Global ?? throw new PickleFormatException("NEWOBJ_EX needs a class");
                if (kwargs.Count > 0) throw new PickleFormatException($"NEWOBJ_EX with keyword arguments is not supported for {cls.Name}");
                Push(NumpyGlobals.New(cls, args, _limits));
                break;
            }
            case (byte)'b': // BUILD
            {
                var state = Pop("BUILD");
                switch (Peek("BUILD"))
                {
                    case NpyArray array: NumpyGlobals.BuildArray(array, state, _limits); break;
                    case NpyDType dtype: NumpyGlobals.BuildDType(dtype, state); break;
                    case var other: throw new PickleFormatException($"BUILD on {SafeUnpickler.Describe(other)} is not supported; only numpy arrays and dtypes are built");
                }
                break;
            }
            case (byte)'i': // INST names a class like GLOBAL does; no class is allowed
            {
                var module = _in.ReadLine(256, "INST module");
                var name = _in.ReadLine(256, "INST name");
                throw new UnsafePickleException(_source, module, name);
            }
            case (byte)'o': throw new PickleFormatException("OBJ (old-style instance construction) is not supported");
            case (byte)'P' or (byte)'Q': throw new PickleFormatException("persistent ids (PERSID/BINPERSID) are not supported");
            case 0x82 or 0x83 or 0x84: throw new PickleFormatException("extension registry opcodes (EXT1/2/4) are not supported");
            case 0x8f or 0x90 or 0x91: throw new PickleFormatException("sets (EMPTY_SET/ADDITEMS/FROZENSET) are not supported");
            case (byte)'S' or (byte)'V': throw new PickleFormatException("protocol-0 text strings (STRING/UNICODE) are not supported; expected protocol 2 to 5");
            default: throw new PickleFormatException($"unknown opcode 0x{op:X2}");
        }
    }

    private object ResolveGlobal(string module, string name) =>
        NumpyGlobals.Resolve(module, name) ?? throw new UnsafePickleException(_source, module, name);

    private long Length64(string what)
    {
        var n = _in.ReadUInt64();
        return n > long.MaxValue ? throw new PickleFormatException($"{what} length {n} is out of range") : (long)n;
    }

    private object ReadLong(int byteCount)
    {
        if (byteCount == 0) return 0L;
        var bytes = _in.ReadBytes(byteCount, "LONG");
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
    }

    private static object ParseInteger(string text, string what)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big)) return big;
        throw new PickleFormatException($"{what} '{text}' is not an integer");
    }

    private static long ParseMemoIndex(string text, string what) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : throw new PickleFormatException($"{what} index '{text}' is not a non-negative integer");

    private PickleTuple MakeTuple(object?[] items)
    {
        var tuple = items.Length == 0 ? PickleTuple.Empty : new PickleTuple(items);
        if (tuple.Depth > _limits.MaxDepth) throw new PickleFormatException($"tuples nested deeper than {_limits.MaxDepth} (limit MaxDepth)");
        return tuple;
    }

    private static void SetItems(PickleDict dict, IReadOnlyList<object?> items, string what)
    {
        if (items.Count % 2 != 0) throw new PickleFormatException($"{what} needs key/value pairs, got {items.Count} values");
        for (var i = 0; i < items.Count; i += 2)
        {
            try { dict.Set(items[i], items[i + 1]); }
            catch (ArgumentException e) { throw new PickleFormatException($"{what}: {e.Message}"); }
        }
    }

    private void Memo(long index, string what)
    {
        if (_stack.Count == 0) throw new PickleFormatException($"{what} with an empty stack");
        if (!_memo.ContainsKey(index) && _memo.Count >= _limits.MaxMemoEntries)
            throw new PickleFormatException($"more than {_limits.MaxMemoEntries} memo entries (limit MaxMemoEntries)");
        _memo[index] = _stack[^1];
    }

    private object? Recall(long index, string what) =>
        _memo.TryGetValue(index, out var value) ? value : throw new PickleFormatException($"{what} {index}: no such memo entry");

    private void Push(object? value) => _stack.Add(value);

    private object? Pop(string what)
    {
        var floor = _marks.Count > 0 ? _marks.Peek() : 0;
        if (_stack.Count <= floor) throw new PickleFormatException($"{what} on an empty stack");
        var value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Peek(string what)
    {
        var floor = _marks.Count > 0 ? _marks.Peek() : 0;
        return _stack.Count > floor ? _stack[^1] : throw new PickleFormatException($"{what} on an empty stack");
    }

    private object?[] PopMark(string what)
    {
        if (_marks.Count == 0) throw new PickleFormatException($"{what} without a MARK");
        var start = _marks.Pop();
        var items = _stack.GetRange(start, _stack.Count - start).ToArray();
        _stack.RemoveRange(start, _stack.Count - start);
        return items;
    }

    private List<object?> List(string what) =>
        Peek(what) as List<object?> ?? throw new PickleFormatException($"{what} on {SafeUnpickler.Describe(_stack[^1])}, expected a list");

    private PickleDict Dict(string what) =>
        Peek(what) as PickleDict ?? throw new PickleFormatException($"{what} on {SafeUnpickler.Describe(_stack[^1])}, expected a dict");
}
