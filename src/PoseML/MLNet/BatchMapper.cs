using Microsoft.ML;
using Microsoft.ML.Data;

namespace PoseML.MLNet;

/// <summary>A row-to-row computation that PoseML stages run a batch of frames at a time (GEMM-friendly),
/// bound to one input schema: which float-vector columns it reads, which columns it adds (float or int,
/// scalar or vector) and which input columns it removes. ML.NET's cursors are row by row; the views and
/// row mappers of this folder feed a mapper whole batches and serve its results row by row.</summary>
public abstract class BatchMapper
{
    /// <summary>Creates the binding.</summary>
    /// <param name="inputSchema">The schema the mapper reads.</param>
    /// <param name="inputs">Float vector columns read, with their element count per row.</param>
    /// <param name="outputs">Columns added; each type is <see cref="NumberDataViewType.Single"/> or
    /// <see cref="NumberDataViewType.Int32"/>, scalar or fixed-size vector.</param>
    /// <param name="dropped">Input columns the output schema leaves out.</param>
    protected BatchMapper(DataViewSchema inputSchema, IReadOnlyList<(string Name, int Size)> inputs,
        IReadOnlyList<(string Name, DataViewType Type)> outputs, IReadOnlyList<string>? dropped = null)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        InputSchema = inputSchema;
        Inputs = inputs.Select(i => new BatchInput(inputSchema[i.Name].Index, i.Name, i.Size)).ToArray();
        Outputs = outputs.Select(o => new BatchOutput(o.Name, o.Type)).ToArray();
        foreach (var o in Outputs) _ = o.ElementCount;
        var drop = new HashSet<string>(dropped ?? []);
        var builder = new DataViewSchema.Builder();
        var sources = new List<int>();
        foreach (var column in inputSchema)
        {
            if (drop.Contains(column.Name)) continue;
            builder.AddColumn(column.Name, column.Type, column.Annotations);
            sources.Add(column.Index);
        }
        foreach (var o in Outputs) builder.AddColumn(o.Name, o.Type);
        OutputSchema = builder.ToSchema();
        PassThrough = [.. sources];
    }

    /// <summary>The input schema bound.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The output schema: kept input columns in order, then <see cref="Outputs"/>.</summary>
    public DataViewSchema OutputSchema { get; }

    /// <summary>The float vector columns read.</summary>
    public IReadOnlyList<BatchInput> Inputs { get; }

    /// <summary>The columns computed.</summary>
    public IReadOnlyList<BatchOutput> Outputs { get; }

    /// <summary>For each kept output column (index &lt; count), the input column index it passes through.</summary>
    internal int[] PassThrough { get; }

    /// <summary>A worker with its own scratch memory and caches; one per cursor, so mappers are used from
    /// several threads without locks.</summary>
    public abstract IBatchWorker CreateWorker();
}

/// <summary>An input of a <see cref="BatchMapper"/>: a float vector column of <see cref="Size"/> elements per row.</summary>
public sealed record BatchInput(int ColumnIndex, string Name, int Size);

/// <summary>An output of a <see cref="BatchMapper"/>.</summary>
public sealed record BatchOutput(string Name, DataViewType Type)
{
    /// <summary>Whether the values are <see cref="int"/> (else <see cref="float"/>).</summary>
    public bool IsInt => (Type is VectorDataViewType v ? v.ItemType : Type) == NumberDataViewType.Int32;

    /// <summary>Values per row.</summary>
    public int ElementCount => Type switch
    {
        VectorDataViewType { IsKnownSize: true, ItemType: var t } v when t == NumberDataViewType.Single || t == NumberDataViewType.Int32 => v.Size,
        _ when Type == NumberDataViewType.Single || Type == NumberDataViewType.Int32 => 1,
        _ => throw new ArgumentException($"output '{Name}': batch mappers write float or int scalars or fixed-size vectors, not {PoseColumnTypes.Describe(Type)}"),
    };
}

/// <summary>Computes a batch: reads <see cref="BatchBuffers.Input"/>, writes every output of
/// <see cref="BatchBuffers.Rows"/> rows.</summary>
public interface IBatchWorker
{
    /// <summary>Fills the outputs for the rows held in <paramref name="batch"/>.</summary>
    void Map(BatchBuffers batch);
}

/// <summary>Row-major buffers of one batch: inputs in the mapper's input order, outputs in its output order.</summary>
public sealed class BatchBuffers
{
    private readonly float[][] _inputs;
    private readonly Array[] _outputs;
    private readonly BatchMapper _mapper;

    /// <summary>Allocates buffers for up to <paramref name="capacity"/> rows.</summary>
    public BatchBuffers(BatchMapper mapper, int capacity)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        _mapper = mapper;
        Capacity = capacity;
        _inputs = mapper.Inputs.Select(i => new float[capacity * i.Size]).ToArray();
        _outputs = mapper.Outputs.Select(o => o.IsInt ? (Array)new int[capacity * o.ElementCount] : new float[capacity * o.ElementCount]).ToArray();
    }

    /// <summary>Rows the buffers hold at most.</summary>
    public int Capacity { get; }

    /// <summary>Rows held now.</summary>
    public int Rows { get; internal set; }

    /// <summary>Input <paramref name="index"/>'s values of the held rows.</summary>
    public Span<float> Input(int index) => _inputs[index].AsSpan(0, Rows * _mapper.Inputs[index].Size);

    /// <summary>Float output <paramref name="index"/>'s values of the held rows.</summary>
    public Span<float> FloatOutput(int index) => ((float[])_outputs[index]).AsSpan(0, Rows * _mapper.Outputs[index].ElementCount);

    /// <summary>Int output <paramref name="index"/>'s values of the held rows.</summary>
    public Span<int> IntOutput(int index) => ((int[])_outputs[index]).AsSpan(0, Rows * _mapper.Outputs[index].ElementCount);

    internal float[] InputArray(int index) => _inputs[index];

    internal Array OutputArray(int index) => _outputs[index];
}
