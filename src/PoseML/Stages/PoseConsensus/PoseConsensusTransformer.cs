using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.MLNet;
using PoseML.Stages.Consensus;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.PoseConsensus;

/// <summary>The fitted consensus stage (see <see cref="PoseConsensusEstimator"/>): row to row, lazy, one batched
/// solve per 1,024 frames (frames of one visibility pattern share A⁺), no locks (each cursor owns its solver).
/// Saved as a named <c>CustomMapping</c> whose groups and options travel as text in the model.</summary>
public sealed class PoseConsensusTransformer : PoseTransformerBase
{
    private readonly ConsensusOptions _solverOptions;
    private readonly Lazy<ITransformer> _savedForm;

    internal PoseConsensusTransformer(PoseConsensusOptions options, JointGroups groups, DataViewSchema trainedSchema)
    {
        Options = options;
        Groups = groups;
        _solverOptions = options.SolverOptions();
        _ = Bind(trainedSchema);
        _savedForm = new Lazy<ITransformer>(() => BuildSavedForm(trainedSchema));
    }

    /// <summary>The options.</summary>
    public PoseConsensusOptions Options { get; }

    /// <summary>The joint groups whose estimates are fused.</summary>
    public JointGroups Groups { get; }

    /// <inheritdoc />
    protected override ITransformer SavedForm => _savedForm.Value;

    /// <inheritdoc />
    protected override BatchMapper Bind(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    private bool UsesConfidence(DataViewSchema schema) => Options.ConfidenceColumnName is { } c && schema.GetColumnOrNull(c) is not null;

    private ITransformer BuildSavedForm(DataViewSchema schema)
    {
        var confidence = UsesConfidence(schema);
        var state = ConsensusState.Format(Groups, _solverOptions with { MaxThreads = 1 });
        var ml = new MLContext(seed: 0);
        IEstimator<ITransformer> mapping = (Groups.JointCount == 17, confidence) switch
        {
            (true, false) => ml.Transforms.CustomMapping(new ConsensusMapping17().GetMapping(), ConsensusMapping17.ContractName),
            (true, true) => ml.Transforms.CustomMapping(new ConsensusMapping17WithConfidence().GetMapping(), ConsensusMapping17WithConfidence.ContractName),
            (false, false) => ml.Transforms.CustomMapping(new ConsensusMappingAnyJoints().GetMapping(), ConsensusMappingAnyJoints.ContractName),
            (false, true) => ml.Transforms.CustomMapping(new ConsensusMappingAnyJointsWithConfidence().GetMapping(), ConsensusMappingAnyJointsWithConfidence.ContractName),
        };
        var inputs = new List<(string, string)> { (ConsensusColumns.Estimates, Options.InputColumnName) };
        if (confidence) inputs.Add((ConsensusColumns.Confidence, Options.ConfidenceColumnName!));
        return SavedStateChain.Fit(schema, state, inputs, mapping,
            [(Options.OutputColumnName, ConsensusColumns.Pose), (Options.MissingColumnName, ConsensusColumns.Missing)],
            Options.DropInputColumn ? [Options.InputColumnName] : null);
    }

    private sealed class Mapper : BatchMapper
    {
        private readonly PoseConsensusTransformer _stage;
        private readonly bool _confidence;

        public Mapper(PoseConsensusTransformer stage, DataViewSchema schema)
            : base(schema, InputsOf(stage, schema), OutputsOf(stage), stage.Options.DropInputColumn ? [stage.Options.InputColumnName] : null)
        {
            _stage = stage;
            _confidence = stage.UsesConfidence(schema);
        }

        private static (string, int)[] InputsOf(PoseConsensusTransformer stage, DataViewSchema schema)
        {
            var g = stage.Groups;
            PoseColumnTypes.RequireFloatVector(schema, stage.Options.InputColumnName, g.RowCount, 3);
            if (!stage.UsesConfidence(schema)) return [(stage.Options.InputColumnName, g.RowCount * 3)];
            PoseColumnTypes.RequireFloatVector(schema, stage.Options.ConfidenceColumnName!, g.JointCount);
            return [(stage.Options.InputColumnName, g.RowCount * 3), (stage.Options.ConfidenceColumnName!, g.JointCount)];
        }

        private static (string, DataViewType)[] OutputsOf(PoseConsensusTransformer stage) =>
            [(stage.Options.OutputColumnName, PoseColumnTypes.Pose3D(stage.Groups.JointCount)), (stage.Options.MissingColumnName, PoseColumnTypes.IntVector(stage.Groups.JointCount))];

        public override IBatchWorker CreateWorker() => new Worker(_stage, _confidence);
    }

    private sealed class Worker(PoseConsensusTransformer stage, bool confidence) : IBatchWorker
    {
        private readonly ConsensusSolver _solver = new(stage.Groups, stage._solverOptions);
        private float[] _rowConfidence = [];
        private bool[] _missing = [];

        public void Map(BatchBuffers batch)
        {
            var g = stage.Groups;
            var frames = batch.Rows;
            if (_missing.Length < frames * g.JointCount) _missing = new bool[frames * g.JointCount];
            var rowConfidence = Span<float>.Empty;
            if (confidence)
            {
                if (_rowConfidence.Length < frames * g.RowCount) _rowConfidence = new float[frames * g.RowCount];
                rowConfidence = _rowConfidence.AsSpan(0, frames * g.RowCount);
                ConsensusSolver.ExpandJointConfidence(g, batch.Input(1), rowConfidence);
            }
            var missing = _missing.AsSpan(0, frames * g.JointCount);
            _solver.Solve(batch.Input(0), rowConfidence, batch.FloatOutput(0), missing);
            var flags = batch.IntOutput(1);
            for (var i = 0; i < flags.Length; i++) flags[i] = missing[i] ? 1 : 0;
        }
    }
}
