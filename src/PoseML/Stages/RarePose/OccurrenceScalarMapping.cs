using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace PoseML.Stages.RarePose;

/// <summary>Turns the occurrence graph's one-element output into the float scalar the stage writes. ML.NET types an
/// ONNX output from its declared shape and reads a rank-0 output as an object, which fails (measured on
/// Microsoft.ML.OnnxTransformer 6.0.0), so the graph writes <c>[1]</c> and this stateless named mapping unwraps it.</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class OccurrenceScalarMapping : CustomMappingFactory<OccurrenceScalarMapping.Input, OccurrenceScalarMapping.Output>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PoseML.RarePose.OccurrenceScalar";

    /// <summary>The graph's output column.</summary>
    public const string VectorColumn = "__PoseML_OccurrenceVector";

    /// <summary>The unwrapped column.</summary>
    public const string ScalarColumn = "__PoseML_Occurrence";

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => static (i, o) => o.Occurrence = i.Occurrence[0];

    /// <summary>The graph's output.</summary>
    public sealed class Input
    {
        /// <summary>One value.</summary>
        [ColumnName(VectorColumn), VectorType(1)]
        public float[] Occurrence { get; set; } = new float[1];
    }

    /// <summary>The scalar.</summary>
    public sealed class Output
    {
        /// <summary>The occurrence.</summary>
        [ColumnName(ScalarColumn)]
        public float Occurrence { get; set; }
    }
}
