using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PoseML.Core;

namespace PoseML.Nn.Serialization;

/// <summary>Reads and writes the safetensors format (an 8-byte little-endian header length, a JSON
/// header mapping names to dtype, shape and byte offsets, then the raw little-endian data), so that
/// weights move between PyTorch and PoseML. Reading validates every size and offset against the
/// stream before allocating: a truncated or malicious file gives a <see cref="DataFormatException"/>.</summary>
public static class SafeTensorsFile
{
    /// <summary>Largest header accepted (the reference implementation's limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Writes entries (sorted by name, as PyTorch's writer does) and optional string metadata.</summary>
    public static void Write(Stream stream, IReadOnlyDictionary<string, SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (k, v) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal)) meta[k] = v;
            header["__metadata__"] = meta;
        }
        long offset = 0;
        var ordered = tensors.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        foreach (var (name, t) in ordered)
        {
            if (name == "__metadata__") throw new InvalidOptionException(nameof(tensors), "'__metadata__' is reserved and cannot name a tensor");
            var size = ByteSize(name, t);
            header[name] = new JsonObject
            {
                ["dtype"] = t.DType,
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + size),
            };
            offset += size;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8; // keep the data 8-byte aligned, padding with spaces
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)padded);
        stream.Write(prefix);
        stream.Write(json);
        for (var i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var (name, t) in ordered) WriteData(stream, t);
    }

    /// <summary>Reads every entry. <paramref name="source"/> names the file in errors.</summary>
    public static (Dictionary<string, SafeTensor> Tensors, Dictionary<string, string> Metadata) Read(Stream stream, string source)
    {
        var prefix = ReadExactly(stream, 8, source, "header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        var available = stream.CanSeek ? stream.Length - stream.Position : long.MaxValue;
        if (headerLength > MaxHeaderBytes || (long)headerLength > available)
            throw new DataFormatException(source, $"header length {headerLength} exceeds the file ({available} bytes left) or the {MaxHeaderBytes}-byte limit", field: "header");
        var headerBytes = ReadExactly(stream, (int)headerLength, source, "header");
        JsonObject header;
        try
        {
            header = JsonNode.Parse(headerBytes) as JsonObject ?? throw new DataFormatException(source, "header is not a JSON object", field: "header");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(source, $"header is not valid JSON: {e.Message}", field: "header", inner: e);
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<(string Name, string DType, int[] Shape, long Begin, long End)>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                if (node is not JsonObject meta) throw new DataFormatException(source, "must be an object of strings", field: name);
                foreach (var (k, v) in meta)
                    metadata[k] = v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : throw new DataFormatException(source, "metadata values must be strings", field: $"__metadata__.{k}");
                continue;
            }
            entries.Add(ParseEntry(source, name, node));
        }
        entries.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        long expected = 0;
        foreach (var e in entries)
        {
            if (e.Begin != expected)
                throw new DataFormatException(source, $"data_offsets [{e.Begin}, {e.End}] leave a gap or overlap (expected to start at {expected})", field: e.Name);
            expected = e.End;
        }
        if (stream.CanSeek && expected > stream.Length - stream.Position)
            throw new DataFormatException(source, $"truncated: the header describes {expected} data bytes, the file holds {stream.Length - stream.Position}", field: "data");
        var tensors = new Dictionary<string, SafeTensor>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (e.End - e.Begin > Array.MaxLength)
                throw new DataFormatException(source, $"{e.End - e.Begin} data bytes exceed the largest array", field: e.Name);
            var bytes = ReadExactly(stream, (int)(e.End - e.Begin), source, e.Name);
            tensors[e.Name] = Decode(e.DType, e.Shape, bytes);
        }
        return (tensors, metadata);
    }

    private static (string, string, int[], long, long) ParseEntry(string source, string name, JsonNode? node)
    {
        if (node is not JsonObject o) throw new DataFormatException(source, "expected an object with dtype, shape, data_offsets", field: name);
        var dtype = o["dtype"] is JsonValue dv && dv.TryGetValue<string>(out var d) ? d : throw new DataFormatException(source, "missing string 'dtype'", field: name);
        var elementSize = ElementSize(dtype) ?? throw new DataFormatException(source, $"unsupported dtype '{dtype}'; expected F32, F64, F16, BF16, I64, I32, I16, I8, U8 or BOOL", field: name);
        if (o["shape"] is not JsonArray shapeNode) throw new DataFormatException(source, "missing array 'shape'", field: name);
        var shape = new int[shapeNode.Count];
        long count = 1;
        for (var i = 0; i < shape.Length; i++)
        {
            if (shapeNode[i] is not JsonValue sv || !sv.TryGetValue<long>(out var dim) || dim < 0 || dim > int.MaxValue)
                throw new DataFormatException(source, $"shape[{i}] must be a non-negative integer", field: name);
            shape[i] = (int)dim;
            if (dim != 0 && count > long.MaxValue / elementSize / dim)
                throw new DataFormatException(source, $"shape [{string.Join(",", shapeNode.Select(n => n?.ToJsonString()))}] overflows the element count", field: name);
            count *= dim;
        }
        if (o["data_offsets"] is not JsonArray off || off.Count != 2 || off[0] is not JsonValue b0 || off[1] is not JsonValue b1
            || !b0.TryGetValue<long>(out var begin) || !b1.TryGetValue<long>(out var end) || begin < 0 || end < begin)
            throw new DataFormatException(source, "data_offsets must be [begin, end] with 0 <= begin <= end", field: name);
        if ((end - begin) != count * elementSize)
            throw new DataFormatException(source, $"shape [{string.Join(",", shape)}] of {dtype} needs {count * elementSize} bytes, data_offsets give {end - begin}", field: name);
        if (count > Array.MaxLength) throw new DataFormatException(source, $"{count} elements exceed the largest array", field: name);
        return (name, dtype, shape, begin, end);
    }

    private static int? ElementSize(string dtype) => dtype switch
    {
        "F64" or "I64" => 8,
        "F32" or "I32" => 4,
        "F16" or "BF16" or "I16" => 2,
        "I8" or "U8" or "BOOL" => 1,
        _ => null,
    };

    private static SafeTensor Decode(string dtype, int[] shape, byte[] bytes)
    {
        var n = bytes.Length / ElementSize(dtype)!.Value;
        switch (dtype)
        {
            case "F32":
            {
                var values = new float[n];
                for (var i = 0; i < n; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4));
                return new SafeTensor { DType = dtype, Shape = shape, Floats = values };
            }
            case "F64":
            {
                var values = new float[n];
                for (var i = 0; i < n; i++) values[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i * 8));
                return new SafeTensor { DType = dtype, Shape = shape, Floats = values };
            }
            case "F16":
            {
                var values = new float[n];
                for (var i = 0; i < n; i++) values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(i * 2));
                return new SafeTensor { DType = dtype, Shape = shape, Floats = values };
            }
            case "BF16":
            {
                var values = new float[n];
                for (var i = 0; i < n; i++)
                    values[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * 2)) << 16);
                return new SafeTensor { DType = dtype, Shape = shape, Floats = values };
            }
            default:
            {
                var values = new long[n];
                for (var i = 0; i < n; i++)
                {
                    values[i] = dtype switch
                    {
                        "I64" => BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i * 8)),
                        "I32" => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * 4)),
                        "I16" => BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(i * 2)),
                        "I8" => (sbyte)bytes[i],
                        _ => bytes[i],
                    };
                }
                return new SafeTensor { DType = dtype, Shape = shape, Integers = values };
            }
        }
    }

    private static long ByteSize(string name, SafeTensor t)
    {
        var count = t.ElementCount;
        switch (t.DType)
        {
            case "F32" when t.Floats is { } f && f.Length == count: return count * 4;
            case "I64" when t.Integers is { } l && l.Length == count: return count * 8;
            case "F32" or "I64":
                throw new InvalidOptionException(name, $"shape [{string.Join(",", t.Shape)}] needs {count} values, the entry holds {(t.Floats?.Length ?? t.Integers?.Length ?? 0)}");
            default:
                throw new InvalidOptionException(name, $"PoseML writes F32 and I64 entries; got {t.DType}");
        }
    }

    private static void WriteData(Stream stream, SafeTensor t)
    {
        var buffer = new byte[64 * 1024];
        var elementSize = t.DType == "F32" ? 4 : 8;
        var perChunk = buffer.Length / elementSize;
        var count = (int)t.ElementCount;
        for (var start = 0; start < count; start += perChunk)
        {
            var n = Math.Min(perChunk, count - start);
            for (var i = 0; i < n; i++)
            {
                if (t.DType == "F32") BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * 4), t.Floats![start + i]);
                else BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(i * 8), t.Integers![start + i]);
            }
            stream.Write(buffer, 0, n * elementSize);
        }
    }

    private static byte[] ReadExactly(Stream stream, int count, string source, string what)
    {
        // A seekable stream's length was checked against the header already; an unseekable one is read in
        // chunks, so memory grows with the bytes that actually arrive, not with what the header declares.
        const int Chunk = 1 << 20;
        if (stream.CanSeek || count <= Chunk)
        {
            var buffer = new byte[count];
            var read = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
            if (read < count) throw new DataFormatException(source, $"truncated: expected {count} bytes, found {read}", field: what);
            return buffer;
        }
        using var collected = new MemoryStream();
        var chunk = new byte[Chunk];
        while (collected.Length < count)
        {
            var n = stream.Read(chunk, 0, (int)Math.Min(Chunk, count - collected.Length));
            if (n <= 0) throw new DataFormatException(source, $"truncated: expected {count} bytes, found {collected.Length}", field: what);
            collected.Write(chunk, 0, n);
        }
        return collected.ToArray();
    }
}
