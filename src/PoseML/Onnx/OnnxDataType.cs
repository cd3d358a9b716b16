namespace PoseML.Onnx;

/// <summary>The <c>TensorProto.DataType</c> values the exporter writes.</summary>
internal enum OnnxDataType
{
    /// <summary>float32.</summary>
    Float = 1,

    /// <summary>int64 (shapes, indices).</summary>
    Int64 = 7,
}
