namespace PoseML.Onnx;

/// <summary>Protocol-buffer wire types (the low 3 bits of a field key) that the ONNX writer uses.</summary>
internal enum ProtoWireType
{
    /// <summary>Base-128 varint: int32, int64, enum, bool.</summary>
    Varint = 0,

    /// <summary>Varint byte count, then the bytes: string, bytes, embedded message, packed repeated.</summary>
    LengthDelimited = 2,

    /// <summary>Four little-endian bytes: float, fixed32.</summary>
    Fixed32 = 5,
}
