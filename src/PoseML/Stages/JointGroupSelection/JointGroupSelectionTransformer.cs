using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.JointGroupSelection;

/// <summary>Fitted joint-group selection (see <see cref="JointGroupSelectionEstimator"/>): the data passes through
/// unchanged; <see cref="Groups"/> holds the chosen groups. Saved as an empty <c>TransformerChain</c>: the groups
/// travel in the saved forms of the group lifters and the consensus built from them.</summary>
public sealed class JointGroupSelectionTransformer : ITransformer
{
    private static readonly TransformerChain<ITransformer> Identity = new();

    internal JointGroupSelectionTransformer(JointGroupSelectionOptions options, JointGroups groups)
    {
        Options = options;
        Groups = groups;
    }

    /// <summary>The options it was fitted with.</summary>
    public JointGroupSelectionOptions Options { get; }

    /// <summary>The chosen joint groups.</summary>
    public JointGroups Groups { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema ?? throw new ArgumentNullException(nameof(inputSchema));

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => input ?? throw new ArgumentNullException(nameof(input));

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => ((ITransformer)Identity).GetRowToRowMapper(inputSchema);

    /// <summary>Writes the no-op saved form.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)Identity).Save(ctx);
}
