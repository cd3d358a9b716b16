using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace PoseML.MLNet;

/// <summary>Builds the saved form of an algorithmic stage: its small state travels in the model as a text
/// literal of ML.NET's <c>Expression</c> transform (saved natively), and a named <c>CustomMapping</c> of
/// PoseML reads it, so <c>mlContext.Model.Load</c> needs no registration (ML.NET records the factory's
/// assembly). The chain is: <see cref="RowAnchorMapping"/> (a constant column, because an expression needs
/// a scalar input and a stage's inputs are vectors) → <c>Expression</c> (the state) → copies of the user's
/// columns to the mapping's fixed names → the mapping → copies back to the user's names → the helper
/// columns dropped.</summary>
/// <remarks>The state is read again on every row; the mappings parse it once per thread and compare the
/// text to their cache (a few hundred characters), which keeps state small by design: weights never travel
/// this way.</remarks>
public static class SavedStateChain
{
    /// <summary>The helper column holding the state text.</summary>
    public const string StateColumn = "__PoseML_State";

    /// <summary>Characters the state may not contain (they would end or escape the expression's string literal).</summary>
    private static readonly char[] Forbidden = ['"', '\\', '\n', '\r'];

    /// <summary>Assembles and fits the chain on <paramref name="inputSchema"/>.</summary>
    /// <param name="inputSchema">The schema the stage reads.</param>
    /// <param name="state">The state text (no quotes, backslashes or line breaks).</param>
    /// <param name="inputs">(mapping's fixed column, user's column) pairs copied in.</param>
    /// <param name="mapping">The named mapping estimator.</param>
    /// <param name="outputs">(user's column, mapping's fixed column) pairs copied out.</param>
    /// <param name="dropped">User columns to drop after the mapping.</param>
    public static ITransformer Fit(DataViewSchema inputSchema, string state, IReadOnlyList<(string Fixed, string User)> inputs,
        IEstimator<ITransformer> mapping, IReadOnlyList<(string User, string Fixed)> outputs, IReadOnlyList<string>? dropped = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.IndexOfAny(Forbidden) >= 0) throw new ArgumentException("a saved state may not hold quotes, backslashes or line breaks", nameof(state));
        var ml = new MLContext(seed: 0);
        IEstimator<ITransformer> chain = ml.Transforms.CustomMapping(new RowAnchorMapping().GetMapping(), RowAnchorMapping.ContractName)
            .Append(ml.Transforms.Expression(StateColumn, "a : \"" + state + "\"", RowAnchorMapping.ColumnName));
        foreach (var (fixedName, user) in inputs) chain = chain.Append(ml.Transforms.CopyColumns(fixedName, user));
        chain = chain.Append(mapping);
        foreach (var (user, fixedName) in outputs) chain = chain.Append(ml.Transforms.CopyColumns(user, fixedName));
        var helpers = new[] { RowAnchorMapping.ColumnName, StateColumn }.Concat(inputs.Select(p => p.Fixed)).Concat(outputs.Select(p => p.Fixed))
            .Concat(dropped ?? []).Distinct().ToArray();
        chain = chain.Append(ml.Transforms.DropColumns(helpers));
        return chain.Fit(new EmptyDataView(inputSchema));
    }

    /// <summary>Formats a number so it reads back to the same bits.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A constant float column that gives the state expression a scalar input on any schema.</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class RowAnchorMapping : CustomMappingFactory<RowAnchorMapping.Input, RowAnchorMapping.Output>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PoseML.RowAnchor";

    /// <summary>The anchor column.</summary>
    public const string ColumnName = "__PoseML_Anchor";

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => static (_, o) => o.Anchor = 0;

    /// <summary>No input columns.</summary>
    public sealed class Input;

    /// <summary>The anchor.</summary>
    public sealed class Output
    {
        /// <summary>Always 0.</summary>
        [ColumnName(ColumnName)]
        public float Anchor { get; set; }
    }
}
