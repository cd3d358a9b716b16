using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Nn;
using PoseML.Nn.Networks;
using PoseML.Nn.Serialization;
using PoseML.Pipeline;
using PoseML.Pipeline.Persistence;
using PoseML.Stages.JointGroupSelection;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.GroupLifters;

/// <summary>Fitted group lifters (see <see cref="GroupLifterEstimator"/>): for each frame, the grouped network
/// in evaluation mode maps the z-scored 2D joints of every group to its centred 3D joints, written stacked
/// group by group (row <c>RowOffset(j) + k</c> = joint <c>Groups[j][k]</c>) in mm. Row to row, lazy (one
/// grouped forward pass per batch), persistable.</summary>
[PoseStage(StageTypeName, CurrentFormatVersion)]
public sealed class GroupLifterTransformer : ITransformer, IPersistableStage, IHasPoseContext
{
    /// <summary>The saved form's stage type.</summary>
    public const string StageTypeName = "PoseML.GroupLifters";

    /// <summary>The saved form's version: 1 = options; statistics <c>jointCount</c>, <c>groups</c>, <c>bestEpoch</c>,
    /// <c>history</c>; tensors <c>inputMean</c>, <c>inputScale</c> [J·2], <c>targetMean</c>, <c>targetScale</c> [Σn_g·3]
    /// and the network's state dict under <c>network.</c> (PyTorch <c>Lifter</c> names, grouped shapes).</summary>
    public const int CurrentFormatVersion = 1;

    private const string NetworkPrefix = "network.";
    private readonly GroupLifterEngine _engine;

    internal GroupLifterTransformer(PoseContext context, GroupLifterOptions options, JointGroups groups, GroupNormalization norm,
        LifterNetwork network, IReadOnlyList<GroupLifterEpoch> history, int bestEpoch,
        int? trainingRows = null, int? validationRows = null, IReadOnlyList<string>? heldOutSubjects = null)
    {
        TrainingRows = trainingRows;
        ValidationRows = validationRows;
        HeldOutSubjects = heldOutSubjects ?? [];
        Context = context;
        Options = options;
        Groups = groups;
        _engine = new GroupLifterEngine(groups, norm, network);
        History = history;
        BestEpoch = bestEpoch;
    }

    /// <inheritdoc />
    public PoseContext Context { get; }

    /// <summary>The options it was trained with.</summary>
    public GroupLifterOptions Options { get; }

    /// <summary>The joint groups (one lifter each).</summary>
    public JointGroups Groups { get; }

    /// <summary>Per-epoch losses and validation MPJPE of the training run.</summary>
    public IReadOnlyList<GroupLifterEpoch> History { get; }

    /// <summary>Rows the lifters were trained on, after the subjects held out for validation were removed; null for a
    /// loaded model (not saved).</summary>
    public int? TrainingRows { get; }

    /// <summary>Rows early stopping validated on (the validation data, or the held-out training subjects); 0 when there
    /// were none; null for a loaded model (not saved).</summary>
    public int? ValidationRows { get; }

    /// <summary>Training subjects held out for validation (<see cref="GroupLifterOptions.ValidationSubjects"/>); empty when
    /// validation data was given, none were held out, or the model was loaded.</summary>
    public IReadOnlyList<string> HeldOutSubjects { get; }

    /// <summary>The epoch whose weights were kept (the lowest validation MPJPE; the last epoch without validation data).</summary>
    public int BestEpoch { get; }

    /// <summary>Trainable scalars of all group lifters together.</summary>
    public long ParameterCount => _engine.Network.ParameterCount;

    /// <summary>The grouped network (evaluation mode).</summary>
    internal LifterNetwork Network => _engine.Network;

    /// <summary>The index maps between joints, network blocks and stacked rows.</summary>
    internal GroupLayout Layout => _engine.Layout;

    /// <summary>The input and target z-scores.</summary>
    internal GroupNormalization Normalization => _engine.Normalization;

    /// <summary>Writes the lifters as an ONNX model mapping the input column (flattened, float [batch, J·2]) to the
    /// output column (flattened, float [batch, Σn_g·3], mm), atomically; see <see cref="Onnx.OnnxExport"/>.</summary>
    public void ExportOnnx(string path, Onnx.OnnxExportOptions? options = null) => Onnx.OnnxExport.Save(this, path, options);

    /// <summary>Writes the lifters as an ONNX model to <paramref name="stream"/>; see <see cref="Onnx.OnnxExport"/>.</summary>
    public void ExportOnnx(Stream stream, Onnx.OnnxExportOptions? options = null) => Onnx.OnnxExport.Save(this, stream, options);

    /// <summary>The output column type, float[Σn_g, 3].</summary>
    public ColumnType OutputType => ColumnType.Float(Groups.RowCount, 3);

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public string StageType => StageTypeName;

    /// <inheritdoc />
    public int FormatVersion => CurrentFormatVersion;

    /// <inheritdoc />
    public BatchSchema GetOutputSchema(BatchSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.Require(Options.InputColumnName, ColumnType.Float(Groups.JointCount, 2));
        return inputSchema.With((Options.OutputColumnName, OutputType));
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _ = GetOutputSchema(input.Columns());
        return new MappedDataView(input, [(Options.OutputColumnName, OutputType)], batch =>
        {
            var result = new float[batch.RowCount * Groups.RowCount * 3];
            Predict(batch.GetFloats(Options.InputColumnName), result);
            return [ColumnBuffer.Of(result)];
        }, Context.CancellationToken);
    }

    /// <summary>Lifts a batch: <paramref name="keypoints"/> [frames, J, 2] pixels → <paramref name="groupPoses"/>
    /// [frames, Σn_g, 3] mm. Thread-safe (calls are serialised on the network).</summary>
    public void Predict(ReadOnlySpan<float> keypoints, Span<float> groupPoses) => _engine.Predict(keypoints, groupPoses);

    /// <inheritdoc />
    public void Save(StageWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        JointGroupSelectionTransformer.WriteGroups(writer, Groups);
        writer.WriteStatistic("bestEpoch", BestEpoch);
        writer.WriteStatistic("history", History);
        var norm = _engine.Normalization;
        writer.WriteTensor("inputMean", norm.InputMean, norm.InputMean.Length);
        writer.WriteTensor("inputScale", norm.InputScale, norm.InputScale.Length);
        writer.WriteTensor("targetMean", norm.TargetMean, norm.TargetMean.Length);
        writer.WriteTensor("targetScale", norm.TargetScale, norm.TargetScale.Length);
        foreach (var (name, tensor) in _engine.Network.StateDict())
        {
            if (tensor.Floats is { } f) writer.WriteTensor(NetworkPrefix + name, f, tensor.Shape);
            else writer.WriteTensor(NetworkPrefix + name, tensor.Integers!, tensor.Shape);
        }
    }

    /// <summary>Reads a transformer saved by <see cref="Save"/> (format version 1).</summary>
    public static GroupLifterTransformer Load(StageReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<GroupLifterOptions>();
        try
        {
            options.Validate();
        }
        catch (InvalidOptionException e)
        {
            throw new DataFormatException(reader.Source, e.Message, field: "options", inner: e);
        }
        var groups = JointGroupSelectionTransformer.ReadGroups(reader);
        var layout = new GroupLayout(groups);
        var j2 = groups.JointCount * 2;
        var r3 = groups.RowCount * 3;
        var norm = new GroupNormalization(reader.ReadFloats("inputMean", j2), reader.ReadFloats("inputScale", j2),
            reader.ReadFloats("targetMean", r3), reader.ReadFloats("targetScale", r3));
        var network = new LifterNetwork(options.NetworkOptions(layout.GroupCount, layout.MaxGroupSize)) { MaxThreads = options.MaxThreads };
        var state = network.StateDict().Keys.ToDictionary(k => k, k => reader.ReadTensor(NetworkPrefix + k), StringComparer.Ordinal);
        network.LoadStateDict(state, strict: true, source: reader.Source);
        return new GroupLifterTransformer(reader.Context, options, groups, norm, network,
            reader.ReadStatistic<GroupLifterEpoch[]>("history"), reader.ReadStatistic<int>("bestEpoch"));
    }
}
