using Microsoft.ML;

namespace PoseML.MLNet;

/// <summary>Builds the saved form of a stage that is a network or a fixed computation over its state: an ONNX
/// graph (state as initializers) applied with ML.NET's <c>ApplyOnnxModel</c> (Stream overload: the bytes travel
/// inside the saved model, nothing is re-read from disk). Graphs map one row, without a batch dimension, because
/// ML.NET runs ONNX Runtime row by row and types an output from the graph's declared shape: <c>[J,2]</c> loads as
/// <c>Vector&lt;Single, J, 2&gt;</c>, the shape the in-process stage writes, while a symbolic batch dimension
/// would load as <c>Vector&lt;Single, 1, J, 2&gt;</c> (measured on Microsoft.ML.OnnxTransformer 6.0.0). Graph
/// tensors are named after the stage's columns, so the loaded model reads and writes the same columns.</summary>
public static class OnnxSavedForm
{
    /// <summary>The helper column used when the output column has the input column's name.</summary>
    public const string HelperOutput = "__PoseML_OnnxOutput";

    /// <summary>The graph tensor names for a stage reading <paramref name="inputColumn"/> and writing <paramref name="outputColumn"/>.</summary>
    public static (string Input, string Output) TensorNames(string inputColumn, string outputColumn) =>
        (inputColumn, inputColumn == outputColumn ? HelperOutput : outputColumn);

    /// <summary>The ONNX part: <paramref name="model"/> reading columns <paramref name="inputs"/> (graph inputs of
    /// the same names) and adding <paramref name="outputs"/> (graph outputs of the same names).</summary>
    public static IEstimator<ITransformer> Estimator(byte[] model, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new MLContext(seed: 0).Transforms.ApplyOnnxModel([.. outputs], [.. inputs], new MemoryStream(model, writable: false));
    }

    /// <summary>Fits <paramref name="chain"/> on a schema (the parts only check it).</summary>
    public static ITransformer Fit(IEstimator<ITransformer> chain, DataViewSchema inputSchema) => chain.Fit(new EmptyDataView(inputSchema));

    /// <summary>The saved form of a one-input, one-output graph whose tensors are named by <see cref="TensorNames"/>:
    /// when the output column replaces the input column, the helper output is copied back and dropped.</summary>
    public static ITransformer Fit(DataViewSchema inputSchema, byte[] onnx, string inputColumn, string outputColumn)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var ml = new MLContext(seed: 0);
        var (input, output) = TensorNames(inputColumn, outputColumn);
        var chain = Estimator(onnx, [input], [output]);
        if (output != outputColumn)
            chain = chain.Append(ml.Transforms.CopyColumns(outputColumn, output)).Append(ml.Transforms.DropColumns(output));
        return Fit(chain, inputSchema);
    }
}
