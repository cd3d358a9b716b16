using System.Buffers.Binary;
using System.Text;
using PoseML.Core;
using PoseML.Nn.Serialization;

namespace PoseML.Tests.Nn.Serialization;

[TestClass]
public sealed class SafeTensorsFileTests
{
    [TestMethod]
    public void RoundTrip_KeepsF32I64AndMetadata()
    {
        var tensors = new Dictionary<string, SafeTensor>
        {
            ["b.weight"] = SafeTensor.Float32(new[] { 1f, -2.5f, float.Epsilon, 3e38f, 0f, -0f }, 2, 3),
            ["a.num_batches_tracked"] = SafeTensor.Int64(new[] { long.MaxValue }),
            ["c.empty"] = SafeTensor.Float32(Array.Empty<float>(), 0, 4),
        };
        var stream = new MemoryStream();
        SafeTensorsFile.Write(stream, tensors, new Dictionary<string, string> { ["format"] = "pt", ["note"] = "é" });
        Assert.AreEqual(0L, BinaryPrimitives.ReadInt64LittleEndian(stream.ToArray()) % 8, "data 8-byte aligned");
        stream.Position = 0;
        var (read, metadata) = SafeTensorsFile.Read(stream, "mem");
        Assert.AreEqual("pt", metadata["format"]);
        Assert.AreEqual("é", metadata["note"]);
        CollectionAssert.AreEqual(tensors["b.weight"].Floats, read["b.weight"].Floats);
        CollectionAssert.AreEqual(new[] { 2, 3 }, read["b.weight"].Shape);
        Assert.AreEqual("I64", read["a.num_batches_tracked"].DType);
        Assert.AreEqual(0, read["a.num_batches_tracked"].Shape.Length);
        CollectionAssert.AreEqual(new[] { long.MaxValue }, read["a.num_batches_tracked"].Integers);
        CollectionAssert.AreEqual(new[] { 0, 4 }, read["c.empty"].Shape);
    }

    [TestMethod]
    public void TruncatedData_IsRejectedNamingTheData()
    {
        var bytes = Valid();
        var e = Read(bytes.AsSpan(0, bytes.Length - 3).ToArray());
        Assert.AreEqual("data", e.Field);
        StringAssert.Contains(e.Message, "truncated");
    }

    [TestMethod]
    public void TruncatedLengthPrefix_IsRejected()
        => Assert.AreEqual("header length", Read(new byte[] { 1, 2, 3 }).Field);

    [TestMethod]
    public void HeaderLongerThanFile_IsRejected()
    {
        var bytes = Valid();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)bytes.Length + 100);
        Assert.AreEqual("header", Read(bytes).Field);
    }

    [TestMethod]
    public void OverlappingOffsets_AreRejectedNamingTheTensor()
    {
        var e = Read(Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8));
        Assert.AreEqual("b", e.Field);
        StringAssert.Contains(e.Message, "overlap");
    }

    [TestMethod]
    public void ShapeDisagreeingWithByteCount_IsRejectedNamingTheTensor()
    {
        var e = Read(Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8));
        Assert.AreEqual("w", e.Field);
        StringAssert.Contains(e.Message, "needs 12 bytes");
    }

    [TestMethod]
    public void ShapeOverflowingTheElementCount_IsRejectedNamingTheTensor()
    {
        var e = Read(Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,8]}}", 8));
        Assert.AreEqual("w", e.Field);
        StringAssert.Contains(e.Message, "overflows");
    }

    [TestMethod]
    public void UnseekableStreamWithALyingHeader_FailsWithoutAllocatingTheDeclaredSize()
    {
        var bytes = Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[100000000],\"data_offsets\":[0,400000000]}}", 16);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.ThrowsExactly<DataFormatException>(() => SafeTensorsFile.Read(new PoseML.Tests.Data.Numpy.NpyTests.NonSeekableStream(bytes), "pipe.safetensors"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        StringAssert.Contains(e.Message, "truncated");
        Assert.IsTrue(allocated < 50_000_000, $"allocated {allocated} bytes for a 16-byte payload");
    }

    [TestMethod]
    public void UnknownDType_IsRejectedNamingTheTensor()
    {
        var e = Read(Build("{\"w\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8));
        Assert.AreEqual("w", e.Field);
        StringAssert.Contains(e.Message, "C64");
    }

    [TestMethod]
    public void MalformedJson_IsRejected()
        => Assert.AreEqual("header", Read(Build("{\"w\":", 0)).Field);

    [TestMethod]
    public void OtherDTypes_AreDecodedToFloatOrInteger()
    {
        var data = new byte[8 + 2 + 2 + 4];
        BinaryPrimitives.WriteDoubleLittleEndian(data, 1.5);
        BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(8), (Half)(-2));
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(10), (ushort)(BitConverter.SingleToInt32Bits(0.5f) >> 16));
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(12), -7);
        var bytes = Build("{\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},\"h\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[8,10]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[10,12]},\"i\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[12,16]}}", data);
        var (t, _) = SafeTensorsFile.Read(new MemoryStream(bytes), "mem");
        Assert.AreEqual(1.5f, t["d"].Floats![0]);
        Assert.AreEqual(-2f, t["h"].Floats![0]);
        Assert.AreEqual(0.5f, t["b"].Floats![0]);
        Assert.AreEqual(-7L, t["i"].Integers![0]);
    }

    [TestMethod]
    public void PyTorchWrittenFixture_IsReadable()
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch", "lifter_eval.safetensors"));
        var (t, metadata) = SafeTensorsFile.Read(stream, "lifter_eval.safetensors");
        CollectionAssert.AreEqual(new[] { 64, 34 }, t["inp.weight"].Shape);
        Assert.AreEqual(123L, t["bn.num_batches_tracked"].Integers![0]);
        StringAssert.Contains(metadata["architecture"], "width=64");
    }

    private static byte[] Valid()
    {
        var stream = new MemoryStream();
        SafeTensorsFile.Write(stream, new Dictionary<string, SafeTensor> { ["w"] = SafeTensor.Float32(new[] { 1f, 2f, 3f }, 3) });
        return stream.ToArray();
    }

    private static byte[] Build(string header, int dataBytes) => Build(header, new byte[dataBytes]);

    private static byte[] Build(string header, byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    private static DataFormatException Read(byte[] bytes)
        => Assert.ThrowsExactly<DataFormatException>(() => SafeTensorsFile.Read(new MemoryStream(bytes), "bad.safetensors"));
}
