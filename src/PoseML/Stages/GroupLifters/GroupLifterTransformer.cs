using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.MLNet;
using PoseML.Onnx;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.GroupLifters;

/// <summary>Fitted group lifters (see <see cref="GroupLifterEstimator"/>): row to row, lazy, one grouped forward
/// pass per 1,024 frames with PoseML's engine. Saved as <c>ApplyOnnxModel</c> over the exported graph.</summary>
public sealed class GroupLifterTransformer : PoseTransformerBase
{
    private readonly Lazy<ITransformer> _savedForm;

    internal GroupLifterTransformer(GroupLifterOptions options, GroupLifterEngine engine, GroupLifterFit? fit, DataViewSchema trainedSchema)
    {
        Options = options;
        Engine = engine;
        History = fit?.History ?? [];
        BestEpoch = fit?.BestEpoch ?? 0;
        TrainingRows = fit?.TrainingRows;
        ValidationRows = fit?.ValidationRows;
        HeldOutSubjects = fit?.HeldOutSubjects ?? [];
        _ = Bind(trainedSchema);
        _savedForm = new Lazy<ITransformer>(() => OnnxSavedForm.Fit(trainedSchema, ToOnnx(), Options.InputColumnName, Options.OutputColumnName));
    }

    /// <summary>The options it was trained with.</summary>
    public GroupLifterOptions Options { get; }

    /// <summary>The joint groups (one lifter each).</summary>
    public JointGroups Groups => Engine.Groups;

    /// <summary>Per-epoch losses and validation MPJPE of the training run.</summary>
    public IReadOnlyList<GroupLifterEpoch> History { get; }

    /// <summary>The epoch whose weights were kept.</summary>
    public int BestEpoch { get; }

    /// <summary>Rows trained on (validation subjects removed).</summary>
    public int? TrainingRows { get; }

    /// <summary>Rows early stopping validated on; 0 when none.</summary>
    public int? ValidationRows { get; }

    /// <summary>Training subjects held out for validation.</summary>
    public IReadOnlyList<string> HeldOutSubjects { get; }

    /// <summary>Trainable scalars of all group lifters together.</summary>
    public long ParameterCount => Engine.Network.ParameterCount;

    internal GroupLifterEngine Engine { get; }

    /// <inheritdoc />
    protected override ITransformer SavedForm => _savedForm.Value;

    /// <summary>The ONNX graph of the saved form: input column float[batch,J,2] → output column float[batch,Σn_g,3],
    /// tensors named after the columns (see <see cref="OnnxSavedForm.TensorNames"/>).</summary>
    public byte[] ToOnnx()
    {
        var (input, output) = OnnxSavedForm.TensorNames(Options.InputColumnName, Options.OutputColumnName);
        return GroupLifterGraph.Bytes(Engine.Network, Groups, Engine.Normalization, Options.InputColumnName, Options.OutputColumnName,
            new OnnxExportOptions { InputName = input, OutputName = output, ColumnShapes = true });
    }

    /// <inheritdoc />
    protected override BatchMapper Bind(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    private sealed class Mapper : BatchMapper
    {
        private readonly GroupLifterEngine _engine;

        public Mapper(GroupLifterTransformer stage, DataViewSchema schema)
            : base(schema, InputsOf(stage, schema), [(stage.Options.OutputColumnName, PoseColumnTypes.Vector(stage.Groups.RowCount, 3))]) =>
            _engine = stage.Engine;

        private static (string, int)[] InputsOf(GroupLifterTransformer stage, DataViewSchema schema)
        {
            PoseColumnTypes.RequireFloatVector(schema, stage.Options.InputColumnName, stage.Groups.JointCount, 2);
            return [(stage.Options.InputColumnName, stage.Groups.JointCount * 2)];
        }

        public override IBatchWorker CreateWorker() => new Worker(_engine);
    }

    private sealed class Worker(GroupLifterEngine engine) : IBatchWorker
    {
        public void Map(BatchBuffers batch) => engine.Predict(batch.Input(0), batch.FloatOutput(0));
    }
}
