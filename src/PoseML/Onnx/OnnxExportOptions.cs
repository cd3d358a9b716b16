using PoseML.Core;

namespace PoseML.Onnx;

/// <summary>Options of <see cref="OnnxExport"/>.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>For a stage (group lifters, Martinez): true (default) includes the stage's own mapping around the
    /// network, so the graph maps the stage's raw input column (flattened) to its output column; false exports
    /// the bare network (z-scored, padded network inputs → network outputs). Ignored for bare networks and the
    /// linear lifter, which have no such mapping.</summary>
    public bool IncludeNormalization { get; init; } = true;

    /// <summary>Layout of grouped networks (G &gt; 1); see <see cref="OnnxGroupLayout"/>. Default: batched MatMul
    /// (best throughput); <see cref="OnnxGroupLayout.PerGroupGemm"/> suits batch-1 serving.</summary>
    public OnnxGroupLayout GroupLayout { get; init; } = OnnxGroupLayout.BatchedMatMul;

    /// <summary>Name of the graph's float [batch, in] input.</summary>
    public string InputName { get; init; } = "input";

    /// <summary>Name of the graph's float [batch, out] output.</summary>
    public string OutputName { get; init; } = "output";

    /// <summary>For a stage: false (default) declares the graph's input and output flattened with a symbolic batch,
    /// <c>[batch, in]</c> → <c>[batch, out]</c>; true declares one frame with the columns' shapes (e.g. <c>[J, 2]</c> →
    /// <c>[Σn_g, 3]</c>, <c>Reshape</c> nodes at both ends). ML.NET's <c>ApplyOnnxModel</c> runs a graph one row at a
    /// time and keeps a symbolic batch dimension as a 1 in the column type (<c>[1, Σn_g, 3]</c>), so the one-frame
    /// form is what gives a loaded model the stage's column types. Ignored for bare networks.</summary>
    public bool ColumnShapes { get; init; }

    /// <summary>Name of the graph; null: derived from what is exported.</summary>
    public string? GraphName { get; init; }

    /// <summary>Throws <see cref="InvalidOptionException"/> for an unusable option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(InputName)) throw new InvalidOptionException(nameof(InputName), "must not be empty");
        if (string.IsNullOrWhiteSpace(OutputName)) throw new InvalidOptionException(nameof(OutputName), "must not be empty");
        if (InputName == OutputName) throw new InvalidOptionException(nameof(OutputName), $"must differ from the input name '{InputName}'");
        if (!Enum.IsDefined(GroupLayout)) throw new InvalidOptionException(nameof(GroupLayout), $"unknown layout {GroupLayout}");
    }
}
