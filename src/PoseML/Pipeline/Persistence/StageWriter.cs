using System.Text.Json;
using System.Text.Json.Nodes;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Nn.Serialization;

namespace PoseML.Pipeline.Persistence;

/// <summary>What a stage writes when a model is saved (<see cref="IPersistableStage.Save"/>): its options
/// and small fitted statistics go into <c>manifest.json</c>, its tensors into the stage's own
/// <c>.safetensors</c> entry of the model zip.</summary>
public sealed class StageWriter
{
    /// <summary>Largest JSON text of one statistic; bigger values belong in a tensor.</summary>
    public const int MaxStatisticChars = 64 * 1024;

    private readonly Dictionary<string, SafeTensor> _tensors = new(StringComparer.Ordinal);
    private readonly JsonObject _statistics = [];
    private readonly string _stageType;

    internal StageWriter(string stageType)
    {
        _stageType = stageType;
    }

    internal JsonNode? Options { get; private set; }

    internal JsonObject Statistics => _statistics;

    internal IReadOnlyDictionary<string, SafeTensor> Tensors => _tensors;

    /// <summary>Records the stage's options (serialised with <see cref="PoseJson"/>; records with
    /// <c>init</c> properties round-trip).</summary>
    public void WriteOptions<TOptions>(TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = JsonSerializer.SerializeToNode(options, PoseJson.Compact);
    }

    /// <summary>Records a small fitted statistic (a number, a string, a short array, a column type's text)
    /// in the manifest under <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOptionException">The value's JSON exceeds <see cref="MaxStatisticChars"/>; write a tensor instead.</exception>
    public void WriteStatistic<T>(string name, T value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var node = JsonSerializer.SerializeToNode(value, PoseJson.Compact);
        var length = node?.ToJsonString().Length ?? 4;
        if (length > MaxStatisticChars)
            throw new InvalidOptionException(name, $"stage {_stageType}: statistic is {length} characters of JSON, more than {MaxStatisticChars}; write it with WriteTensor");
        if (!_statistics.TryAdd(name, node))
            throw new InvalidOptionException(name, $"stage {_stageType}: statistic written twice");
    }

    /// <summary>Records a column type (e.g. the input type seen at fit) as a statistic.</summary>
    public void WriteColumnType(string name, ColumnType type) => WriteStatistic(name, type.ToString());

    /// <summary>Adds a float32 tensor of the given shape to the stage's safetensors entry.</summary>
    public void WriteTensor(string name, float[] values, params int[] shape) => AddTensor(name, SafeTensor.Float32(values, shape));

    /// <summary>Adds an int64 tensor of the given shape to the stage's safetensors entry.</summary>
    public void WriteTensor(string name, long[] values, params int[] shape) => AddTensor(name, SafeTensor.Int64(values, shape));

    private void AddTensor(string name, SafeTensor tensor)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (tensor.ElementCount != (tensor.Floats?.LongLength ?? tensor.Integers!.LongLength))
            throw new InvalidOptionException(name, $"stage {_stageType}: shape [{string.Join(",", tensor.Shape)}] needs {tensor.ElementCount} values, got {tensor.Floats?.Length ?? tensor.Integers!.Length}");
        if (!_tensors.TryAdd(name, tensor))
            throw new InvalidOptionException(name, $"stage {_stageType}: tensor written twice");
    }
}
