namespace PoseML.Onnx;

/// <summary>The ONNX versions PoseML writes. Every exported model imports the default domain
/// (<c>ai.onnx</c>) at <see cref="Opset"/> and declares <see cref="IrVersion"/>; both are supported by ONNX
/// Runtime 1.12 and later and by ML.NET's <c>ApplyOnnxModel</c>.</summary>
public static class OnnxFormat
{
    /// <summary>The ONNX IR version of exported files (8 = ONNX 1.10–1.12, the IR of opset 17).</summary>
    public const long IrVersion = 8;

    /// <summary>The default-domain operator set of exported graphs (17 = ONNX 1.12).</summary>
    public const long Opset = 17;

    /// <summary>The <c>producer_name</c> of exported files.</summary>
    public const string ProducerName = "PoseML";
}
