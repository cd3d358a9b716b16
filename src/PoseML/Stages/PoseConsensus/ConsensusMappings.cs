using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using PoseML.MLNet;
using PoseML.Stages.Consensus;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.PoseConsensus;

/// <summary>The fixed column names of the consensus mappings (the saved chain copies the user's columns to
/// and from them).</summary>
internal static class ConsensusColumns
{
    public const string Estimates = "__PoseML_GroupPoses3D";
    public const string Confidence = "__PoseML_Confidence";
    public const string Pose = "__PoseML_Pose3D";
    public const string Missing = "__PoseML_MissingJoints";
}

/// <summary>Input of the consensus mappings without confidences.</summary>
public class ConsensusMappingInput
{
    /// <summary>The state text.</summary>
    [ColumnName(SavedStateChain.StateColumn)]
    public ReadOnlyMemory<char> State { get; set; }

    /// <summary>The stacked group estimates [Σn_g, 3].</summary>
    [ColumnName(ConsensusColumns.Estimates)]
    public float[] Estimates { get; set; } = [];
}

/// <summary>Input of the consensus mappings with per-joint confidences.</summary>
public sealed class ConsensusMappingInputWithConfidence : ConsensusMappingInput
{
    /// <summary>Per-joint confidence [J].</summary>
    [ColumnName(ConsensusColumns.Confidence)]
    public float[] Confidence { get; set; } = [];
}

/// <summary>Output of the consensus mappings for the 17-joint skeletons (Human3.6M-17, COCO-17): fixed
/// [17,3] and [17], so a loaded model keeps the shapes of the fitted one.</summary>
public sealed class ConsensusMappingOutput17
{
    /// <summary>The fused root-relative pose.</summary>
    [ColumnName(ConsensusColumns.Pose), VectorType(17, 3)]
    public float[] Pose { get; set; } = new float[17 * 3];

    /// <summary>1 where no group sees the joint.</summary>
    [ColumnName(ConsensusColumns.Missing), VectorType(17)]
    public int[] Missing { get; set; } = new int[17];
}

/// <summary>Output of the consensus mappings for other joint counts (variable-size vectors: ML.NET types a
/// mapping's output from attributes, which cannot hold a count known only at run time).</summary>
public sealed class ConsensusMappingOutput
{
    /// <summary>The fused root-relative pose, J×3 values.</summary>
    [ColumnName(ConsensusColumns.Pose)]
    public float[] Pose { get; set; } = [];

    /// <summary>1 where no group sees the joint.</summary>
    [ColumnName(ConsensusColumns.Missing)]
    public int[] Missing { get; set; } = [];
}

/// <summary>Per-thread solver for a state: parses the state once and reuses the solver (and its cache of
/// factorisations) while the state text stays the same.</summary>
internal sealed class ConsensusRowSolver
{
    [ThreadStatic] private static ConsensusRowSolver? _current;

    private readonly string _state;
    private readonly ConsensusSolver _solver;
    private readonly float[] _rowConfidence;
    private readonly bool[] _missing;

    private ConsensusRowSolver(string state)
    {
        _state = state;
        var (groups, options) = ConsensusState.Parse(state);
        Groups = groups;
        _solver = new ConsensusSolver(groups, options);
        _rowConfidence = new float[groups.RowCount];
        _missing = new bool[groups.JointCount];
    }

    public JointGroups Groups { get; }

    public static ConsensusRowSolver For(ReadOnlyMemory<char> state)
    {
        var current = _current;
        if (current is not null && state.Span.SequenceEqual(current._state)) return current;
        return _current = new ConsensusRowSolver(state.ToString());
    }

    public void Solve(float[] estimates, float[]? confidence, Span<float> pose, Span<int> missing)
    {
        if (estimates.Length != Groups.RowCount * 3)
            throw new Core.SchemaMismatchException("GroupPoses3D", $"a row holds {estimates.Length} values, expected {Groups.RowCount * 3}");
        var rowConfidence = ReadOnlySpan<float>.Empty;
        if (confidence is not null)
        {
            if (confidence.Length != Groups.JointCount)
                throw new Core.SchemaMismatchException("Confidence", $"a row holds {confidence.Length} values, expected {Groups.JointCount}");
            ConsensusSolver.ExpandJointConfidence(Groups, confidence, _rowConfidence);
            rowConfidence = _rowConfidence;
        }
        _solver.Solve(estimates, rowConfidence, pose, _missing);
        for (var j = 0; j < _missing.Length; j++) missing[j] = _missing[j] ? 1 : 0;
    }
}

/// <summary>Consensus of a 17-joint model, without confidences.</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class ConsensusMapping17 : CustomMappingFactory<ConsensusMappingInput, ConsensusMappingOutput17>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PoseML.PoseConsensus.J17";

    /// <inheritdoc />
    public override Action<ConsensusMappingInput, ConsensusMappingOutput17> GetMapping() =>
        static (i, o) => ConsensusRowSolver.For(i.State).Solve(i.Estimates, null, o.Pose, o.Missing);
}

/// <summary>Consensus of a 17-joint model with per-joint confidences.</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class ConsensusMapping17WithConfidence : CustomMappingFactory<ConsensusMappingInputWithConfidence, ConsensusMappingOutput17>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PoseML.PoseConsensus.J17.Confidence";

    /// <inheritdoc />
    public override Action<ConsensusMappingInputWithConfidence, ConsensusMappingOutput17> GetMapping() =>
        static (i, o) => ConsensusRowSolver.For(i.State).Solve(i.Estimates, i.Confidence, o.Pose, o.Missing);
}

/// <summary>Consensus of a model of any joint count, without confidences.</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class ConsensusMappingAnyJoints : CustomMappingFactory<ConsensusMappingInput, ConsensusMappingOutput>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PoseML.PoseConsensus";

    /// <inheritdoc />
    public override Action<ConsensusMappingInput, ConsensusMappingOutput> GetMapping() => static (i, o) =>
    {
        var solver = ConsensusRowSolver.For(i.State);
        o.Pose = new float[solver.Groups.JointCount * 3];
        o.Missing = new int[solver.Groups.JointCount];
        solver.Solve(i.Estimates, null, o.Pose, o.Missing);
    };
}

/// <summary>Consensus of a model of any joint count, with per-joint confidences.</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class ConsensusMappingAnyJointsWithConfidence : CustomMappingFactory<ConsensusMappingInputWithConfidence, ConsensusMappingOutput>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PoseML.PoseConsensus.Confidence";

    /// <inheritdoc />
    public override Action<ConsensusMappingInputWithConfidence, ConsensusMappingOutput> GetMapping() => static (i, o) =>
    {
        var solver = ConsensusRowSolver.For(i.State);
        o.Pose = new float[solver.Groups.JointCount * 3];
        o.Missing = new int[solver.Groups.JointCount];
        solver.Solve(i.Estimates, i.Confidence, o.Pose, o.Missing);
    };
}
