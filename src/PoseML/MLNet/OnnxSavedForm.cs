using Microsoft.ML;

namespace PoseML.MLNet;

/// <summary>Builds the saved form of a stage that is a fixed computation over its state: an ONNX graph (state as
/// initializers) applied with ML.NET's <c>ApplyOnnxModel</c> (Stream overload: the bytes travel inside the saved
/// model, nothing is re-read from disk). Graphs are per row, without a batch dimension, because ML.NET types an ONNX
/// output from the graph's declared shape: <c>[J,2]</c> loads as <c>Vector&lt;Single, J, 2&gt;</c>, the shape
/// the in-process stage writes, while a symbolic batch dimension would load as <c>Vector&lt;Single, 1, J, 2&gt;</c>
/// (measured on Microsoft.ML.OnnxTransformer 6.0.0).</summary>
public static class OnnxSavedForm
{
    /// <summary>The ONNX part: <paramref name="model"/> reading columns <paramref name="inputs"/> (graph inputs of
    /// the same names) and adding <paramref name="outputs"/> (graph outputs of the same names).</summary>
    public static IEstimator<ITransformer> Estimator(byte[] model, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new MLContext(seed: 0).Transforms.ApplyOnnxModel([.. outputs], [.. inputs], new MemoryStream(model, writable: false));
    }

    /// <summary>Fits <paramref name="chain"/> on a schema (the parts only check it).</summary>
    public static ITransformer Fit(IEstimator<ITransformer> chain, DataViewSchema inputSchema) => chain.Fit(new EmptyDataView(inputSchema));
}
