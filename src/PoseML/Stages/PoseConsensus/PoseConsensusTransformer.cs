using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Pipeline.Persistence;
using PoseML.Stages.Consensus;
using PoseML.Stages.JointGroupSelection;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.PoseConsensus;

/// <summary>The consensus stage (see <see cref="PoseConsensusEstimator"/>). Row to row, lazy (one batched
/// solve per batch; frames of one visibility pattern share A⁺), persistable.</summary>
[PoseStage(StageTypeName, CurrentFormatVersion)]
public sealed class PoseConsensusTransformer : ITransformer, IPersistableStage, IHasPoseContext
{
    /// <summary>The saved form's stage type.</summary>
    public const string StageTypeName = "PoseML.PoseConsensus";

    /// <summary>The saved form's version: 1 = options and statistics <c>jointCount</c>, <c>groups</c>.</summary>
    public const int CurrentFormatVersion = 1;

    private readonly ConsensusSolver _solver;
    private readonly object _solverLock = new();

    internal PoseConsensusTransformer(PoseContext context, PoseConsensusOptions options, JointGroups groups)
    {
        Context = context;
        Options = options;
        Groups = groups;
        _solver = new ConsensusSolver(groups, options.SolverOptions());
    }

    /// <inheritdoc />
    public PoseContext Context { get; }

    /// <summary>The options.</summary>
    public PoseConsensusOptions Options { get; }

    /// <summary>The joint groups whose estimates are fused.</summary>
    public JointGroups Groups { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public string StageType => StageTypeName;

    /// <inheritdoc />
    public int FormatVersion => CurrentFormatVersion;

    /// <inheritdoc />
    public BatchSchema GetOutputSchema(BatchSchema inputSchema) => OutputSchema(inputSchema, Options, Groups);

    internal static BatchSchema OutputSchema(BatchSchema inputSchema, PoseConsensusOptions options, JointGroups groups)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.Require(options.InputColumnName, ColumnType.Float(groups.RowCount, 3));
        if (UsesConfidence(inputSchema, options)) inputSchema.Require(options.ConfidenceColumnName!, ColumnType.Float(groups.JointCount));
        var kept = options.DropInputColumn ? inputSchema.Select(inputSchema.Where(c => c.Name != options.InputColumnName).Select(c => c.Name)) : inputSchema;
        return kept.With((options.OutputColumnName, ColumnType.Float(groups.JointCount, 3)), (options.MissingColumnName, ColumnType.Int(groups.JointCount)));
    }

    private static bool UsesConfidence(BatchSchema schema, PoseConsensusOptions options) =>
        options.ConfidenceColumnName is { } c && schema.TryGetColumn(c, out _);

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var schema = GetOutputSchema(input.Columns());
        var useConfidence = UsesConfidence(input.Columns(), Options);
        int joints = Groups.JointCount, rows = Groups.RowCount;
        var mapped = new MappedDataView(input,
            [(Options.OutputColumnName, schema[Options.OutputColumnName].Type), (Options.MissingColumnName, schema[Options.MissingColumnName].Type)],
            batch =>
            {
                var frames = batch.RowCount;
                var estimates = batch.GetFloats(Options.InputColumnName);
                var rowConfidence = useConfidence ? new float[frames * rows] : [];
                if (useConfidence) ConsensusSolver.ExpandJointConfidence(Groups, batch.GetFloats(Options.ConfidenceColumnName!), rowConfidence);
                var poses = new float[frames * joints * 3];
                var missing = new bool[frames * joints];
                lock (_solverLock) _solver.Solve(estimates, rowConfidence, poses, missing);
                var flags = new int[missing.Length];
                for (var i = 0; i < flags.Length; i++) flags[i] = missing[i] ? 1 : 0;
                return [ColumnBuffer.Of(poses), ColumnBuffer.Of(flags)];
            }, Context.CancellationToken);
        return Options.DropInputColumn ? mapped.SelectColumns(schema.Select(c => c.Name).ToArray()) : mapped;
    }

    /// <inheritdoc />
    public void Save(StageWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        JointGroupSelectionTransformer.WriteGroups(writer, Groups);
    }

    /// <summary>Reads a transformer saved by <see cref="Save"/> (format version 1).</summary>
    public static PoseConsensusTransformer Load(StageReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<PoseConsensusOptions>();
        try
        {
            options.Validate();
        }
        catch (InvalidOptionException e)
        {
            throw new DataFormatException(reader.Source, e.Message, field: "options", inner: e);
        }
        return new PoseConsensusTransformer(reader.Context, options, JointGroupSelectionTransformer.ReadGroups(reader));
    }
}
