using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Nn.Serialization;

namespace PoseML.Pipeline.Persistence;

/// <summary>Saves and loads fitted pipelines (DESIGN.md §3.4). A model is a zip holding
/// <c>manifest.json</c> (PoseML version, model format version, the model's input and output schema and,
/// per stage, its type, stage format version, options, small fitted statistics, input/output schema and the
/// size and SHA-256 of its tensor entry) and one <c>stages/NN.safetensors</c> entry per stage with its tensors. Chains are saved as their stages
/// in order and load back as a <see cref="TransformerChain{TLastTransformer}"/> of <see cref="ITransformer"/>.</summary>
/// <remarks>
/// <para>Reading is defensive: the archive is never extracted to disk (entries are read into memory by
/// exact name), entry names that are absolute or contain <c>..</c> or backslashes are rejected, and every
/// size (the manifest's, each stage entry's, as declared by the manifest and by the zip) is checked against
/// limits before anything is allocated. Writing is atomic (<see cref="AtomicFile"/>) and deterministic:
/// the same model gives the same bytes.</para>
/// <para>Format versions: 1 (this version). A newer version is refused with a message naming it.</para>
/// </remarks>
public static class ModelStore
{
    /// <summary>The model format version this code writes.</summary>
    public const int FormatVersion = 1;

    /// <summary>The oldest model format version this code reads.</summary>
    public const int MinimumFormatVersion = 1;

    /// <summary>Largest <c>manifest.json</c> accepted.</summary>
    public const long MaxManifestBytes = 16L << 20;

    /// <summary>Largest stage entry accepted (the largest .NET byte array).</summary>
    public static readonly long MaxEntryBytes = Array.MaxLength;

    internal const string ManifestName = "manifest.json";
    internal const string FormatName = "PoseML.Model";
    private static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The PoseML version written into manifests.</summary>
    public static string PoseMLVersion { get; } =
        typeof(ModelStore).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ModelStore).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>Saves <paramref name="model"/> (fitted on data of <paramref name="inputSchema"/>) to
    /// <paramref name="path"/>, atomically.</summary>
    public static void Save(ITransformer model, BatchSchema inputSchema, string path) =>
        AtomicFile.Write(path, stream => Save(model, inputSchema, stream));

    /// <summary>Saves <paramref name="model"/> to <paramref name="stream"/> (left open).</summary>
    /// <exception cref="PoseMLException">A stage does not implement <see cref="IPersistableStage"/>.</exception>
    /// <exception cref="SchemaMismatchException"><paramref name="inputSchema"/> does not fit the model.</exception>
    public static void Save(ITransformer model, BatchSchema inputSchema, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentNullException.ThrowIfNull(stream);
        var stages = Flatten(model).ToArray();
        var stageNodes = new JsonArray();
        var files = new List<(string Name, byte[] Bytes)>();
        var schema = inputSchema;
        for (var i = 0; i < stages.Length; i++)
        {
            if (stages[i] is not IPersistableStage p)
                throw new PoseMLException($"stage {i} ({stages[i].GetType().Name}) cannot be saved: it does not implement IPersistableStage");
            var output = stages[i].GetOutputSchema(schema);
            var writer = new StageWriter(p.StageType);
            p.Save(writer);
            using var buffer = new MemoryStream();
            SafeTensorsFile.Write(buffer, writer.Tensors, new Dictionary<string, string> { ["stageType"] = p.StageType });
            var file = $"stages/{i:D2}.safetensors";
            files.Add((file, buffer.ToArray()));
            stageNodes.Add(new JsonObject
            {
                ["stageType"] = p.StageType,
                ["formatVersion"] = p.FormatVersion,
                ["options"] = writer.Options,
                ["statistics"] = writer.Statistics,
                ["inputSchema"] = SchemaToJson(schema),
                ["outputSchema"] = SchemaToJson(output),
                ["tensorFile"] = file,
                ["tensorFileBytes"] = buffer.Length,
                ["tensorFileSha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(buffer.ToArray())),
            });
            schema = output;
        }
        var manifest = new JsonObject
        {
            ["format"] = FormatName,
            ["formatVersion"] = FormatVersion,
            ["poseMLVersion"] = PoseMLVersion,
            ["isChain"] = model is ITransformerChain,
            ["inputSchema"] = SchemaToJson(inputSchema),
            ["outputSchema"] = SchemaToJson(schema),
            ["stages"] = stageNodes,
        };
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        WriteEntry(zip, ManifestName, Encoding.UTF8.GetBytes(manifest.ToJsonString(PoseJson.Indented)));
        foreach (var (name, bytes) in files) WriteEntry(zip, name, bytes);
    }

    /// <summary>Loads a model saved by <see cref="Save(ITransformer, BatchSchema, string)"/>.</summary>
    /// <exception cref="DataFormatException">Not a PoseML model, damaged, too large, an unknown stage type or
    /// a format version newer than this code reads; the message names the stage and the versions.</exception>
    public static ITransformer Load(PoseContext context, string path, out BatchSchema inputSchema)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "file not found");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Load(context, stream, out inputSchema, path);
    }

    /// <summary>Loads a model from <paramref name="stream"/>; <paramref name="source"/> names it in errors.</summary>
    public static ITransformer Load(PoseContext context, Stream stream, out BatchSchema inputSchema, string source = "model stream")
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stream);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(source, $"not a zip archive ({e.Message}); expected a PoseML model", inner: e);
        }
        using (zip)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                if (!IsSafeEntryName(entry.FullName))
                    throw new DataFormatException(source, "unsafe entry name (absolute, '..' or backslash); refusing the archive", field: entry.FullName);
                if (!names.Add(entry.FullName))
                    throw new DataFormatException(source, "entry appears twice; refusing the archive", field: entry.FullName);
            }
            var manifest = ReadManifest(zip, source);
            CheckFormat(manifest, source);
            inputSchema = SchemaFromJson(manifest["inputSchema"], source, "inputSchema");
            var stageArray = manifest["stages"] as JsonArray ?? throw new DataFormatException(source, "missing array", field: "stages");
            var stages = new List<ITransformer>();
            var schema = inputSchema;
            for (var i = 0; i < stageArray.Count; i++)
            {
                var stage = LoadStage(context, zip, stageArray[i] as JsonObject, i, schema, source);
                schema = stage.GetOutputSchema(schema);
                stages.Add(stage);
            }
            var expectedOutput = SchemaFromJson(manifest["outputSchema"], source, "outputSchema");
            if (!SameSchema(schema, expectedOutput))
                throw new DataFormatException(source, $"the loaded stages produce {schema.Describe()}, the manifest records {expectedOutput.Describe()}", field: "outputSchema");
            var isChain = manifest["isChain"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
            if (!isChain && stages.Count == 1) return stages[0];
            return new TransformerChain<ITransformer>([.. stages]);
        }
    }

    private static ITransformer LoadStage(PoseContext context, ZipArchive zip, JsonObject? node, int index, BatchSchema schema, string source)
    {
        if (node is null) throw new DataFormatException(source, "must be an object", field: $"stages[{index}]");
        var stageType = GetString(node, "stageType", source, index);
        var where = $"{source}: stage {index} ({stageType})";
        var version = node["formatVersion"] is JsonValue fv && fv.TryGetValue<int>(out var ver) ? ver
            : throw new DataFormatException(where, "missing integer", field: "formatVersion");
        var entry = StageRegistry.Find(stageType)
            ?? throw new DataFormatException(where, $"unknown stage type '{stageType}'; this program knows {string.Join(", ", StageRegistry.KnownStageTypes())}. Reference the assembly that defines it (its transformer carries [PoseStage(\"{stageType}\", …)]) or call StageRegistry.Register", field: "stageType");
        if (version > entry.FormatVersion || version < entry.MinimumFormatVersion)
            throw new DataFormatException(where, $"format version {version} is not supported; this program reads versions {Versions(entry.MinimumFormatVersion, entry.FormatVersion)}{(version > entry.FormatVersion ? " (the model was saved by a newer PoseML)" : "")}", field: "formatVersion");
        var recordedInput = SchemaFromJson(node["inputSchema"], where, "inputSchema");
        var recordedOutput = SchemaFromJson(node["outputSchema"], where, "outputSchema");
        if (!SameSchema(recordedInput, schema))
            throw new DataFormatException(where, $"records input {recordedInput.Describe()}, the previous stages produce {schema.Describe()}", field: "inputSchema");
        var file = GetString(node, "tensorFile", source, index);
        if (!IsSafeEntryName(file) || !file.StartsWith("stages/", StringComparison.Ordinal))
            throw new DataFormatException(where, $"tensor file '{file}' must be an entry under stages/", field: "tensorFile");
        var declared = node["tensorFileBytes"] is JsonValue bv && bv.TryGetValue<long>(out var n) ? n
            : throw new DataFormatException(where, "missing integer", field: "tensorFileBytes");
        if (declared < 0 || declared > MaxEntryBytes)
            throw new DataFormatException(where, $"declares {declared} bytes of tensors; the limit is {MaxEntryBytes}", field: "tensorFileBytes");
        var zipEntry = zip.GetEntry(file) ?? throw new DataFormatException(where, $"entry '{file}' is missing from the archive", field: "tensorFile");
        if (zipEntry.Length != declared)
            throw new DataFormatException(where, $"entry '{file}' holds {zipEntry.Length} bytes, the manifest declares {declared}", field: "tensorFileBytes");
        var bytes = ReadBounded(zipEntry, declared, where);
        var sha = GetString(node, "tensorFileSha256", source, index);
        if (!string.Equals(sha, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), StringComparison.OrdinalIgnoreCase))
            throw new DataFormatException(where, $"entry '{file}' does not match its SHA-256 in the manifest; the model is damaged", field: "tensorFileSha256");
        Dictionary<string, SafeTensor> tensors;
        using (var ms = new MemoryStream(bytes, writable: false))
            (tensors, _) = SafeTensorsFile.Read(ms, $"{where}: {file}");
        // A diverged or damaged model would otherwise load and predict empty poses: every stored weight must be a number.
        foreach (var (name, tensor) in tensors.OrderBy(t => t.Key, StringComparer.Ordinal)) SafeTensor.RequireFinite(tensor, name, where);
        var reader = new StageReader(context, where, stageType, version, node["options"]?.DeepClone(),
            node["statistics"] as JsonObject ?? [], tensors, recordedInput, recordedOutput);
        var stage = entry.Load(reader);
        var output = stage.GetOutputSchema(schema);
        if (!SameSchema(output, recordedOutput))
            throw new DataFormatException(where, $"the loaded stage produces {output.Describe()}, the manifest records {recordedOutput.Describe()}", field: "outputSchema");
        return stage;
    }

    private static JsonObject ReadManifest(ZipArchive zip, string source)
    {
        var entry = zip.GetEntry(ManifestName) ?? throw new DataFormatException(source, $"no {ManifestName}; not a PoseML model");
        if (entry.Length > MaxManifestBytes)
            throw new DataFormatException(source, $"{ManifestName} is {entry.Length} bytes; the limit is {MaxManifestBytes}", field: ManifestName);
        var bytes = ReadBounded(entry, entry.Length, source);
        try
        {
            return JsonNode.Parse(bytes) as JsonObject ?? throw new DataFormatException(source, "must be a JSON object", field: ManifestName);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(source, $"is not valid JSON: {e.Message}", field: ManifestName, inner: e);
        }
    }

    private static void CheckFormat(JsonObject manifest, string source)
    {
        if (manifest["format"] is not JsonValue f || !f.TryGetValue<string>(out var format) || format != FormatName)
            throw new DataFormatException(source, $"expected format '{FormatName}'", field: "format");
        if (manifest["formatVersion"] is not JsonValue v || !v.TryGetValue<int>(out var version))
            throw new DataFormatException(source, "missing integer", field: "formatVersion");
        if (version > FormatVersion || version < MinimumFormatVersion)
        {
            var written = manifest["poseMLVersion"] is JsonValue pv && pv.TryGetValue<string>(out var s) ? s : "unknown";
            throw new DataFormatException(source, $"model format version {version} (written by PoseML {written}) is not supported; this PoseML {PoseMLVersion} reads versions {Versions(MinimumFormatVersion, FormatVersion)}", field: "formatVersion");
        }
    }

    /// <summary>Reads an entry fully into memory, refusing more than <paramref name="limit"/> bytes even if
    /// the zip's own size field lies.</summary>
    private static byte[] ReadBounded(ZipArchiveEntry entry, long limit, string source)
    {
        if (entry.Length > limit || limit > MaxEntryBytes)
            throw new DataFormatException(source, $"entry is {entry.Length} bytes; the limit is {Math.Min(limit, MaxEntryBytes)}", field: entry.FullName);
        var buffer = new byte[entry.Length];
        try
        {
            using var s = entry.Open();
            var read = s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (read < buffer.Length) throw new DataFormatException(source, $"truncated: expected {buffer.Length} bytes, found {read}", field: entry.FullName);
            if (s.ReadByte() >= 0) throw new DataFormatException(source, $"holds more than the {buffer.Length} bytes its header declares", field: entry.FullName);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(source, $"damaged zip entry: {e.Message}", field: entry.FullName, inner: e);
        }
        return buffer;
    }

    /// <summary>True for relative, forward-slash entry names without <c>..</c>, <c>.</c> or empty segments.</summary>
    internal static bool IsSafeEntryName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('\\') || name.Contains(':') || name.StartsWith('/')) return false;
        foreach (var part in name.Split('/'))
        {
            if (part is ".." or ".") return false;
        }
        return !name.Contains("//", StringComparison.Ordinal);
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer model) =>
        model is ITransformerChain chain ? chain.Transformers.SelectMany(Flatten) : [model];

    private static void WriteEntry(ZipArchive zip, string name, byte[] bytes)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var s = entry.Open();
        s.Write(bytes);
    }

    private static string GetString(JsonObject node, string key, string source, int index) =>
        node[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s
            : throw new DataFormatException(source, "missing string", field: $"stages[{index}].{key}");

    private static string Versions(int min, int max) => min == max ? $"{max}" : $"{min} to {max}";

    internal static JsonArray SchemaToJson(BatchSchema schema) =>
        new(schema.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["type"] = c.Type.ToString() }).ToArray());

    internal static BatchSchema SchemaFromJson(JsonNode? node, string source, string field)
    {
        if (node is not JsonArray array) throw new DataFormatException(source, "missing schema array", field: field);
        var columns = new List<(string, ColumnType)>();
        foreach (var item in array)
        {
            if (item is not JsonObject o || o["name"] is not JsonValue nv || !nv.TryGetValue<string>(out var name)
                || o["type"] is not JsonValue tv || !tv.TryGetValue<string>(out var type))
                throw new DataFormatException(source, "schema columns must be {\"name\": …, \"type\": …}", field: field);
            columns.Add((name, ColumnTypeText.Parse(type, $"{source}: {field}")));
        }
        try
        {
            return new BatchSchema(columns);
        }
        catch (PoseMLException e)
        {
            throw new DataFormatException(source, e.Message, field: field, inner: e);
        }
    }

    internal static bool SameSchema(BatchSchema a, BatchSchema b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Name == p.Second.Name && p.First.Type.Equals(p.Second.Type));
}
