using PoseML.Core;
using PoseML.Data.Numpy;
using PoseML.Data.Numpy.Pickle;

namespace PoseML.Tests.Data.Numpy;

[TestClass]
public sealed class NpyTests
{
    private static NpyArray Read(string name) => Npy.Read(NpzFixtures.Path(name));

    [TestMethod]
    public void Read_Float32COrder_ReturnsExactValuesAndShape()
    {
        var a = Read("f4_c.npy");
        Assert.AreEqual("<f4", a.DType.Descr);
        CollectionAssert.AreEqual(new[] { 2, 3, 4 }, a.Shape.ToArray());
        CollectionAssert.AreEqual(Enumerable.Range(0, 24).Select(i => i * 0.5f - 3f).ToArray(), (float[])a.Data);
    }

    [TestMethod]
    public void Read_BigEndianFloats_AreByteSwapped()
    {
        var f8 = Read("f8_big_endian.npy");
        Assert.AreEqual(">f8", f8.DType.Descr);
        CollectionAssert.AreEqual(Enumerable.Range(0, 6).Select(i => i / 4.0).ToArray(), (double[])f8.Data);
        var f4 = Read("f4_big_endian.npy");
        CollectionAssert.AreEqual(new[] { 3, 2 }, f4.Shape.ToArray());
        CollectionAssert.AreEqual(Enumerable.Range(0, 6).Select(i => i - 2.5f).ToArray(), (float[])f4.Data);
    }

    [TestMethod]
    public void Read_FortranOrder_IsReturnedInCOrder()
    {
        var a = Read("f4_fortran.npy");
        CollectionAssert.AreEqual(new[] { 2, 3 }, a.Shape.ToArray());
        CollectionAssert.AreEqual(new[] { 0f, 1, 2, 3, 4, 5 }, (float[])a.Data);
        var b = Read("f8_fortran_3d.npy");
        CollectionAssert.AreEqual(new[] { 2, 3, 4 }, b.Shape.ToArray());
        CollectionAssert.AreEqual(Enumerable.Range(0, 24).Select(i => (double)i).ToArray(), (double[])b.Data);
    }

    [TestMethod]
    public void Read_IntegerAndBoolTypes_KeepTheirValues()
    {
        CollectionAssert.AreEqual(new short[] { -32768, -1, 0, 1, 32767 }, (short[])Read("i2.npy").Data);
        CollectionAssert.AreEqual(new[] { int.MinValue, -7, 0, int.MaxValue }, (int[])Read("i4.npy").Data);
        CollectionAssert.AreEqual(new[] { -(1L << 40), -1, 0, (1L << 40) + 3 }, (long[])Read("i8.npy").Data);
        CollectionAssert.AreEqual(new byte[] { 0, 1, 127, 128, 255 }, (byte[])Read("u1.npy").Data);
        CollectionAssert.AreEqual(new uint[] { 0, 1, uint.MaxValue }, (uint[])Read("u4.npy").Data);
        CollectionAssert.AreEqual(new[] { true, false, true, true }, (bool[])Read("b1.npy").Data);
        CollectionAssert.AreEqual(new[] { (Half)0.5, (Half)(-2.0), (Half)65504.0 }, (Half[])Read("f2.npy").Data);
    }

    [TestMethod]
    public void Read_UnsignedArrays_KeepTheirExactStorageType()
    {
        // The CLR lets a byte[] pass as sbyte[] and a ulong[] as long[]; readers must not confuse them.
        var u1 = Read("u1_fortran.npy");
        Assert.AreEqual(typeof(byte[]), u1.Data.GetType());
        CollectionAssert.AreEqual(new byte[] { 250, 251, 252, 253, 254, 255 }, (byte[])u1.Data);
        CollectionAssert.AreEqual(new[] { 250.0, 251, 252, 253, 254, 255 }, u1.ToDoubleArray());
        var u8 = Read("u8.npy");
        Assert.AreEqual(typeof(ulong[]), u8.Data.GetType());
        Assert.ThrowsExactly<InvalidCastException>(() => u8.ToInt64Array());
        Assert.AreEqual(9.223372036854775813E18, u8.ToDoubleArray()[1]);
    }

    [TestMethod]
    public void Conversions_WidenExactlyAndRefuseLossyIntegers()
    {
        CollectionAssert.AreEqual(new[] { -32768.0, -1, 0, 1, 32767 }, Read("i2.npy").ToDoubleArray());
        CollectionAssert.AreEqual(new[] { 0f, 1, 127, 128, 255 }, Read("u1.npy").ToSingleArray());
        CollectionAssert.AreEqual(new[] { int.MinValue, -7, 0, int.MaxValue }, Read("i4.npy").ToInt32Array());
        Assert.ThrowsExactly<InvalidCastException>(() => Read("i8.npy").ToInt32Array());
        Assert.ThrowsExactly<InvalidCastException>(() => Read("f4_c.npy").ToInt64Array()); // -2.5 is not whole
    }

    [TestMethod]
    public void Read_ScalarEmptyAndTextArrays()
    {
        var scalar = Read("scalar_f8.npy");
        Assert.AreEqual(0, scalar.Rank);
        Assert.AreEqual(2.75, scalar.Item());
        var empty = Read("empty_f4.npy");
        CollectionAssert.AreEqual(new[] { 0, 17, 3 }, empty.Shape.ToArray());
        Assert.AreEqual(0, empty.Length);
        CollectionAssert.AreEqual(new[] { "S1", "Größe" }, Read("unicode.npy").ToStringArray());
    }

    [TestMethod]
    [DataRow("v2_f4.npy")]
    [DataRow("v3_f4.npy")]
    public void Read_FormatVersions2And3(string name) =>
        CollectionAssert.AreEqual(new[] { 0f, 1, 2, 3, 4 }, (float[])Read(name).Data);

    [TestMethod]
    public void Read_ObjectArray_UnpicklesTheDictionary()
    {
        var a = Read("object_dict.npy");
        Assert.AreEqual(NpyKind.Object, a.DType.Kind);
        var dict = (PickleDict)a.Item()!;
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3 }, (int[])((NpyArray)dict["a"]!).Data);
        CollectionAssert.AreEqual(new object[] { 1L, 2L }, (List<object?>)dict["b"]!);
    }

    [TestMethod]
    public void Read_ObjectArray_RefusedWhenObjectArraysAreDisallowed()
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() =>
            Npy.Read(NpzFixtures.Path("object_dict.npy"), new NpyReadOptions { AllowObjectArrays = false }));
        Assert.AreEqual("descr", e.Field);
    }

    [TestMethod]
    [DataRow("bad_magic.npy", "magic")]
    [DataRow("bad_version.npy", "version")]
    [DataRow("lying_shape.npy", "shape")]
    [DataRow("short_data.npy", "shape")]
    [DataRow("structured.npy", "descr")]
    [DataRow("missing_shape.npy", "shape")]
    public void Read_BrokenFile_ThrowsNamingFileAndField(string name, string field)
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => Read(name));
        StringAssert.Contains(e.Message, name);
        Assert.AreEqual(field, e.Field);
    }

    [TestMethod]
    public void Read_HeaderClaimingATrillionElements_FailsBeforeAllocating()
    {
        // The shape is refused against the 16 bytes that follow; without the check this would try to allocate 4 TB.
        var e = Assert.ThrowsExactly<DataFormatException>(() => Read("lying_shape.npy"));
        StringAssert.Contains(e.Message, "(1000000,1000000)");
        StringAssert.Contains(e.Message, "16 bytes follow");
    }

    [TestMethod]
    public void Read_ZeroWidthTextWithBillionsOfElements_FailsBeforeAllocating()
    {
        var header = "{'descr': '<U0', 'fortran_order': False, 'shape': (2000000000,), }";
        header = header.PadRight(118 - 1) + "\n";
        var bytes = new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, 0 }
            .Concat(System.Text.Encoding.ASCII.GetBytes(header)).ToArray();
        var e = Assert.ThrowsExactly<DataFormatException>(() => Npy.Read(new MemoryStream(bytes), "u0.npy"));
        Assert.AreEqual("descr", e.Field);
        StringAssert.Contains(e.Message, "zero-width");
    }

    [TestMethod]
    public void Read_ArrayAboveMaxArrayBytes_IsRefused()
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => Npy.Read(NpzFixtures.Path("f4_c.npy"), new NpyReadOptions { MaxArrayBytes = 95 }));
        Assert.AreEqual("shape", e.Field);
        StringAssert.Contains(e.Message, "96 bytes");
    }

    [TestMethod]
    public void Read_NonSeekableStreamEndingEarly_ReportsTruncation()
    {
        var bytes = File.ReadAllBytes(NpzFixtures.Path("f4_c.npy"));
        using var stream = new NonSeekableStream(bytes.AsSpan(0, bytes.Length - 5).ToArray());
        var e = Assert.ThrowsExactly<DataFormatException>(() => Npy.Read(stream, "cut.npy"));
        StringAssert.Contains(e.Message, "cut.npy");
        StringAssert.Contains(e.Message, "truncated");
    }

    [TestMethod]
    [DataRow(3)]
    [DataRow(9)]
    [DataRow(40)]
    public void Read_TruncatedInsideHeader_Throws(int keep)
    {
        var path = NpzFixtures.TempCopy("f4_c.npy", b => b[..keep]);
        var e = Assert.ThrowsExactly<DataFormatException>(() => Npy.Read(path));
        StringAssert.Contains(e.Message, path);
    }

    [TestMethod]
    public void Read_MaliciousObjectArray_RefusesTheGlobalAndNamesIt()
    {
        var e = Assert.ThrowsExactly<UnsafePickleException>(() => Read("evil_os_system.npy"));
        Assert.AreEqual("posix.system", e.Global);
        StringAssert.Contains(e.Message, "'posix.system'");
        StringAssert.Contains(e.Message, "evil_os_system.npy");
    }

    /// <summary>A read-only stream that cannot seek, like a zip entry stream.</summary>
    internal sealed class NonSeekableStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
