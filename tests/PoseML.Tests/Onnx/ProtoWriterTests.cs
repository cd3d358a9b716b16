using PoseML.Onnx;

namespace PoseML.Tests.Onnx;

/// <summary>The protobuf writer and the ONNX messages against bytes derived by hand from the protobuf encoding
/// rules (key = field &lt;&lt; 3 | wire type; varints 7 bits per byte, low group first) and onnx.proto's field numbers.</summary>
[TestClass]
public sealed class ProtoWriterTests
{
    private static byte[] Write(Action<ProtoWriter> write)
    {
        using var stream = new MemoryStream();
        write(new ProtoWriter(stream));
        return stream.ToArray();
    }

    private static byte[] Encode(IProtoMessage message)
    {
        var bytes = Write(message.WriteTo);
        Assert.AreEqual(message.EncodedSize, bytes.Length, "EncodedSize must match what WriteTo writes");
        return bytes;
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [TestMethod]
    [DataRow(0UL, "00")]
    [DataRow(1UL, "01")]
    [DataRow(127UL, "7F")]
    [DataRow(128UL, "80 01")]
    [DataRow(300UL, "AC 02")] // 300 = 0b10_0101100 → 1_0101100, 0_0000010
    [DataRow(ulong.MaxValue, "FF FF FF FF FF FF FF FF FF 01")]
    public void Varint_MatchesTheProtobufEncoding(ulong value, string hex)
    {
        CollectionAssert.AreEqual(Hex(hex), Write(w => w.WriteVarint(value)));
        Assert.AreEqual(Hex(hex).Length, ProtoSize.Varint(value));
    }

    [TestMethod]
    public void Fields_MatchTheProtobufDocumentationExamples()
    {
        CollectionAssert.AreEqual(Hex("08 96 01"), Write(w => w.WriteInt64(1, 150)));                        // field 1 varint 150
        CollectionAssert.AreEqual(Hex("12 07 74 65 73 74 69 6E 67"), Write(w => w.WriteString(2, "testing"))); // field 2 "testing"
        CollectionAssert.AreEqual(Hex("10 FF FF FF FF FF FF FF FF FF 01"), Write(w => w.WriteInt64(2, -1)));  // negative int64: 10 bytes
        CollectionAssert.AreEqual(Hex("15 00 00 80 3F"), Write(w => w.WriteFloat(2, 1f)));                     // fixed32, 1.0f = 0x3F800000
        CollectionAssert.AreEqual(Hex("A0 01 07"), Write(w => w.WriteInt64(20, 7)));                          // key 160 takes two bytes
        CollectionAssert.AreEqual(Hex("4A 08 00 00 80 3F 00 00 00 C0"), Write(w => w.WriteFloatBytes(9, [1f, -2f])));
        CollectionAssert.AreEqual(Hex("4A 08 05 00 00 00 00 00 00 00"), Write(w => w.WriteInt64Bytes(9, [5L])));
    }

    [TestMethod]
    public void TensorProto_DimsTypeNameRawData()
    {
        // dims(1)=1 | data_type(2)=INT64 7 | name(8)="t" | raw_data(9)=5 as int64 LE
        CollectionAssert.AreEqual(Hex("08 01 10 07 42 01 74 4A 08 05 00 00 00 00 00 00 00"), Encode(OnnxTensor.Int64("t", [5L], 1)));
        // dims 2, 1 | FLOAT 1 | "w" | 8 bytes
        CollectionAssert.AreEqual(Hex("08 02 08 01 10 01 42 01 77 4A 08 00 00 80 3F 00 00 00 40"), Encode(OnnxTensor.Float("w", [1f, 2f], 2, 1)));
    }

    [TestMethod]
    public void ValueInfoProto_WithSymbolicBatchAndFixedDimension()
    {
        // name(1)="x" | type(2){ tensor_type(1){ elem_type(1)=FLOAT | shape(2){ dim(1){dim_param(2)="batch"} dim(1){dim_value(1)=3} } } }
        var expected = Hex("0A 01 78 12 13 0A 11 08 01 12 0D 0A 07 12 05 62 61 74 63 68 0A 02 08 03");
        CollectionAssert.AreEqual(expected, Encode(new OnnxValueInfo("x", OnnxDataType.Float, null, 3)));
    }

    [TestMethod]
    public void AttributeProto_FloatIntsIntTensor()
    {
        // name(1)="alpha" | f(2)=0.2f (0x3E4CCCCD LE) | type(20)=FLOAT 1
        CollectionAssert.AreEqual(Hex("0A 05 61 6C 70 68 61 15 CD CC 4C 3E A0 01 01"), Encode(OnnxAttribute.Float("alpha", 0.2f)));
        // name="perm" | ints(8)=1,0,2 unpacked | type=INTS 7
        CollectionAssert.AreEqual(Hex("0A 04 70 65 72 6D 40 01 40 00 40 02 A0 01 07"), Encode(OnnxAttribute.Ints("perm", 1, 0, 2)));
        // name="axis" | i(3)=1 | type=INT 2
        CollectionAssert.AreEqual(Hex("0A 04 61 78 69 73 18 01 A0 01 02"), Encode(OnnxAttribute.Int("axis", 1)));
        // name="v" | t(5){ INT64 scalar "c" = 0 } | type=TENSOR 4
        CollectionAssert.AreEqual(Hex("0A 01 76 2A 0F 10 07 42 01 63 4A 08 00 00 00 00 00 00 00 00 A0 01 04"),
            Encode(OnnxAttribute.Tensor("v", OnnxTensor.Int64("c", [0L]))));
    }

    [TestMethod]
    public void NodeProto_InputsOutputsNameOpTypeAttributes()
    {
        // input(1)="x" | output(2)="y" | name(3)="n" | op_type(4)="Relu"
        CollectionAssert.AreEqual(Hex("0A 01 78 12 01 79 1A 01 6E 22 04 52 65 6C 75"), Encode(new OnnxNode("Relu", "n", ["x"], ["y"])));
        // … | attribute(5){ name="axis" | i=1 | type=INT }
        CollectionAssert.AreEqual(Hex("0A 01 78 12 01 79 1A 01 6E 22 06 47 61 74 68 65 72 2A 0B 0A 04 61 78 69 73 18 01 A0 01 02"),
            Encode(new OnnxNode("Gather", "n", ["x"], ["y"], OnnxAttribute.Int("axis", 1))));
    }

    [TestMethod]
    public void ModelProto_HeaderOpsetAndMetadata()
    {
        var graph = new OnnxGraph("g", [new OnnxNode("Relu", "n", ["x"], ["y"])], [],
            [new OnnxValueInfo("x", OnnxDataType.Float, 1)], [new OnnxValueInfo("y", OnnxDataType.Float, 1)]);
        var bytes = Encode(new OnnxModel(graph, [new("k", "v")], "1.2.3"));
        // ir_version(1)=8 | producer_name(2)="PoseML" | producer_version(3)="1.2.3"
        CollectionAssert.AreEqual(Hex("08 08 12 06 50 6F 73 65 4D 4C 1A 05 31 2E 32 2E 33"), bytes[..17]);
        // … graph(7) … | opset_import(8){ domain(1)="" | version(2)=17 } | metadata_props(14){ key(1)="k" | value(2)="v" }
        CollectionAssert.AreEqual(Hex("42 04 0A 00 10 11 72 06 0A 01 6B 12 01 76"), bytes[^14..]);
        Assert.AreEqual(0x3A, bytes[17], "graph is field 7, length-delimited");
        var fields = ProtoReader.Fields(bytes);
        Assert.AreEqual((ulong)OnnxFormat.IrVersion, fields.Single(f => f.Field == 1).Varint);
    }
}
