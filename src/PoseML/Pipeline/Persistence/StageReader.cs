using System.Text.Json;
using System.Text.Json.Nodes;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Nn.Serialization;

namespace PoseML.Pipeline.Persistence;

/// <summary>What a stage's <c>Load(StageReader)</c> reads back: the options, statistics and tensors its
/// <see cref="IPersistableStage.Save"/> wrote, plus the format version they were written in. Every
/// missing or malformed item is a <see cref="DataFormatException"/> naming the model, the stage and the item.</summary>
public sealed class StageReader
{
    private readonly JsonNode? _options;
    private readonly JsonObject _statistics;
    private readonly IReadOnlyDictionary<string, SafeTensor> _tensors;

    internal StageReader(PoseContext context, string source, string stageType, int formatVersion, JsonNode? options,
        JsonObject statistics, IReadOnlyDictionary<string, SafeTensor> tensors, BatchSchema inputSchema, BatchSchema outputSchema)
    {
        Context = context;
        Source = source;
        StageType = stageType;
        FormatVersion = formatVersion;
        _options = options;
        _statistics = statistics;
        _tensors = tensors;
        InputSchema = inputSchema;
        OutputSchema = outputSchema;
    }

    /// <summary>The context the model is being loaded into (stages keep it for progress and seeds).</summary>
    public PoseContext Context { get; }

    /// <summary>Names the model and stage in errors, e.g. <c>model.zip: stage 1 (PoseML.LinearLifter)</c>.</summary>
    public string Source { get; }

    /// <summary>The stage type recorded in the manifest.</summary>
    public string StageType { get; }

    /// <summary>The format version the stage was saved in; a loader that reads several versions branches on it.</summary>
    public int FormatVersion { get; }

    /// <summary>The stage's input schema when it was saved.</summary>
    public BatchSchema InputSchema { get; }

    /// <summary>The stage's output schema when it was saved.</summary>
    public BatchSchema OutputSchema { get; }

    /// <summary>The options written by <see cref="StageWriter.WriteOptions{TOptions}"/>.</summary>
    public TOptions ReadOptions<TOptions>()
    {
        if (_options is null) throw new DataFormatException(Source, "the stage saved no options", field: "options");
        try
        {
            return _options.Deserialize<TOptions>(PoseJson.Compact)
                ?? throw new DataFormatException(Source, $"options are null; expected {typeof(TOptions).Name}", field: "options");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(Source, $"options do not read as {typeof(TOptions).Name}: {PoseJson.Explain(e, typeof(TOptions))}", field: "options", inner: e);
        }
    }

    /// <summary>True when the stage wrote statistic <paramref name="name"/>.</summary>
    public bool HasStatistic(string name) => _statistics.ContainsKey(name);

    /// <summary>A statistic written by <see cref="StageWriter.WriteStatistic{T}"/>.</summary>
    public T ReadStatistic<T>(string name)
    {
        if (!_statistics.TryGetPropertyValue(name, out var node))
            throw new DataFormatException(Source, "statistic missing from the manifest", field: name);
        try
        {
            var value = node.Deserialize<T>(PoseJson.Compact);
            return value is null && default(T) is not null
                ? throw new DataFormatException(Source, $"statistic is null; expected {typeof(T).Name}", field: name)
                : value!;
        }
        catch (JsonException e)
        {
            throw new DataFormatException(Source, $"statistic does not read as {typeof(T).Name}: {PoseJson.Explain(e, typeof(T))}", field: name, inner: e);
        }
    }

    /// <summary>A column type written by <see cref="StageWriter.WriteColumnType"/>.</summary>
    public ColumnType ReadColumnType(string name) => ColumnTypeText.Parse(ReadStatistic<string>(name), $"{Source}: {name}");

    /// <summary>True when the stage's safetensors entry holds <paramref name="name"/>.</summary>
    public bool HasTensor(string name) => _tensors.ContainsKey(name);

    /// <summary>A tensor as stored.</summary>
    public SafeTensor ReadTensor(string name) =>
        _tensors.TryGetValue(name, out var t) ? t : throw new DataFormatException(Source, "tensor missing from the stage's safetensors entry", field: name);

    /// <summary>A floating-point tensor's values; with <paramref name="expectedShape"/>, its shape is checked.</summary>
    public float[] ReadFloats(string name, params int[] expectedShape)
    {
        var t = ReadTensor(name);
        if (t.Floats is null) throw new DataFormatException(Source, $"expected a floating-point tensor, found {t.DType}", field: name);
        CheckShape(name, t, expectedShape);
        return t.Floats;
    }

    /// <summary>An integer tensor's values; with <paramref name="expectedShape"/>, its shape is checked.</summary>
    public long[] ReadLongs(string name, params int[] expectedShape)
    {
        var t = ReadTensor(name);
        if (t.Integers is null) throw new DataFormatException(Source, $"expected an integer tensor, found {t.DType}", field: name);
        CheckShape(name, t, expectedShape);
        return t.Integers;
    }

    private void CheckShape(string name, SafeTensor t, int[] expected)
    {
        if (expected.Length > 0 && !expected.SequenceEqual(t.Shape))
            throw new DataFormatException(Source, $"expected shape [{string.Join(",", expected)}], found [{string.Join(",", t.Shape)}]", field: name);
    }
}
