using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Pipeline.Persistence;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.JointGroupSelection;

/// <summary>Fitted joint-group selection: the data passes through unchanged; <see cref="Groups"/> holds
/// the chosen groups, saved with the model (see <see cref="JointGroupSelectionEstimator"/>).</summary>
[PoseStage(StageTypeName, CurrentFormatVersion)]
public sealed class JointGroupSelectionTransformer : ITransformer, IPersistableStage, IHasPoseContext
{
    /// <summary>The saved form's stage type.</summary>
    public const string StageTypeName = "PoseML.JointGroupSelection";

    /// <summary>The saved form's version: 1 = options and statistics <c>jointCount</c>, <c>groups</c> (joint-index lists).</summary>
    public const int CurrentFormatVersion = 1;

    internal JointGroupSelectionTransformer(PoseContext context, JointGroupSelectionOptions options, JointGroups groups)
    {
        Context = context;
        Options = options;
        Groups = groups;
    }

    /// <inheritdoc />
    public PoseContext Context { get; }

    /// <summary>The options it was fitted with.</summary>
    public JointGroupSelectionOptions Options { get; }

    /// <summary>The chosen joint groups.</summary>
    public JointGroups Groups { get; }

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
        return inputSchema;
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input;
    }

    /// <inheritdoc />
    public void Save(StageWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        WriteGroups(writer, Groups);
    }

    /// <summary>Reads a transformer saved by <see cref="Save"/> (format version 1).</summary>
    public static JointGroupSelectionTransformer Load(StageReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<JointGroupSelectionOptions>();
        try
        {
            options.Validate();
        }
        catch (InvalidOptionException e)
        {
            throw new DataFormatException(reader.Source, e.Message, field: "options", inner: e);
        }
        return new JointGroupSelectionTransformer(reader.Context, options, ReadGroups(reader));
    }

    /// <summary>Writes joint groups as the statistics <c>jointCount</c> and <c>groups</c> (shared by the stages that carry groups).</summary>
    internal static void WriteGroups(StageWriter writer, JointGroups groups)
    {
        writer.WriteStatistic("jointCount", groups.JointCount);
        writer.WriteStatistic("groups", groups.Groups.Select(g => g.ToArray()).ToArray());
    }

    /// <summary>Reads the groups written by <see cref="WriteGroups"/>; bad groups are a <see cref="DataFormatException"/>.</summary>
    internal static JointGroups ReadGroups(StageReader reader)
    {
        var joints = reader.ReadStatistic<int>("jointCount");
        var groups = reader.ReadStatistic<int[][]>("groups");
        try
        {
            return new JointGroups(joints, groups);
        }
        catch (InvalidOptionException e)
        {
            throw new DataFormatException(reader.Source, e.Message, field: "groups", inner: e);
        }
    }
}
