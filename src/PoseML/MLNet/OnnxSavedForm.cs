using Microsoft.ML;

namespace PoseML.MLNet;

/// <summary>Builds the saved form of a network stage: ML.NET's <c>ApplyOnnxModel</c> over the stage's exported
/// ONNX graph (held in memory, the Stream overload, so saving does not re-read a file). The graph's input and
/// output tensors are named after the stage's columns, so the loaded model reads and writes the same columns;
/// when the output column replaces the input column the graph writes a helper column that is copied back and
/// dropped.</summary>
public static class OnnxSavedForm
{
    /// <summary>The helper column used when the output column has the input column's name.</summary>
    public const string HelperOutput = "__PoseML_OnnxOutput";

    /// <summary>The graph tensor names for a stage reading <paramref name="inputColumn"/> and writing <paramref name="outputColumn"/>.</summary>
    public static (string Input, string Output) TensorNames(string inputColumn, string outputColumn) =>
        (inputColumn, inputColumn == outputColumn ? HelperOutput : outputColumn);

    /// <summary>Assembles and fits the saved form on <paramref name="inputSchema"/>.</summary>
    /// <param name="inputSchema">The schema the stage reads.</param>
    /// <param name="onnx">The graph, with tensors named by <see cref="TensorNames"/>.</param>
    /// <param name="inputColumn">The column read.</param>
    /// <param name="outputColumn">The column written.</param>
    public static ITransformer Fit(DataViewSchema inputSchema, byte[] onnx, string inputColumn, string outputColumn)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentNullException.ThrowIfNull(onnx);
        var ml = new MLContext(seed: 0);
        var (input, output) = TensorNames(inputColumn, outputColumn);
        IEstimator<ITransformer> chain = ml.Transforms.ApplyOnnxModel([output], [input], new MemoryStream(onnx, writable: false));
        if (output != outputColumn)
            chain = chain.Append(ml.Transforms.CopyColumns(outputColumn, output)).Append(ml.Transforms.DropColumns(output));
        return chain.Fit(new EmptyDataView(inputSchema));
    }
}
