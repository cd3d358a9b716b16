using System.Numerics;
using System.Text;
using PoseML.Core;
using PoseML.Data.Numpy;
using PoseML.Data.Numpy.Pickle;

namespace PoseML.Tests.Data.Numpy;

[TestClass]
public sealed class SafeUnpicklerTests
{
    private static object? Load(string name) => SafeUnpickler.Load(NpzFixtures.Path(name));

    [TestMethod]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(4)]
    [DataRow(5)]
    public void Load_NumpyPickleOfEveryProtocol_RebuildsEveryValue(int protocol)
    {
        var d = (PickleDict)Load($"sample_p{protocol}.pkl")!;
        var f4 = (NpyArray)d["f4"]!;
        CollectionAssert.AreEqual(new[] { 2, 3 }, f4.Shape.ToArray());
        CollectionAssert.AreEqual(new[] { -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, 3.5f }, (float[])f4.Data);
        var fortran = (NpyArray)d["f8_fortran"]!; // np.asfortranarray(arange(6).reshape(3, 2) / 8)
        CollectionAssert.AreEqual(new[] { 3, 2 }, fortran.Shape.ToArray());
        CollectionAssert.AreEqual(Enumerable.Range(0, 6).Select(i => i / 8.0).ToArray(), (double[])fortran.Data);
        CollectionAssert.AreEqual(new[] { -5L, 0, 1L << 33 }, (long[])((NpyArray)d["i8"]!).Data);
        Assert.AreEqual("Größe", d["text"]);
        CollectionAssert.AreEqual(new byte[] { 0, 1, 255 }, (byte[])d["bytes"]!);
        Assert.AreEqual(7L, d["small"]);
        Assert.AreEqual(-300L, d["negative"]);
        Assert.AreEqual(70000L, d["medium"]);
        Assert.AreEqual(BigInteger.Pow(2, 70), d["big"]);
        Assert.AreEqual(0.1, d["float"]);
        Assert.IsTrue(d.ContainsKey("none"));
        Assert.IsNull(d["none"]);
        CollectionAssert.AreEqual(new object[] { true, false }, ((PickleTuple)d["flags"]!).ToArray());
        var list = (List<object?>)d["list"]!;
        Assert.AreEqual(1L, list[0]);
        Assert.AreEqual("two", list[1]);
        CollectionAssert.AreEqual(new object[] { 3.0 }, (List<object?>)list[2]!);
        var scalarF8 = (NpyArray)d["scalar_f8"]!;
        Assert.AreEqual(0, scalarF8.Rank);
        Assert.AreEqual(2.5, scalarF8.Item());
        Assert.IsTrue(NpyArray.TryGetInt64(d["scalar_i8"], out var i8) && i8 == -9);
        var nested = (PickleDict)((PickleDict)d["nested"]!)["S1"]!;
        CollectionAssert.AreEqual(new[] { 0f, 1, 2 }, (float[])((NpyArray)nested["Walking"]!).Data);
        Assert.AreEqual("int key", d[7L]);
        Assert.AreEqual("int key", d[7.0]); // Python: 7 == 7.0, same key
    }

    [TestMethod]
    [DataRow("numpy2_p3.pkl")]
    [DataRow("numpy2_p5.pkl")]
    public void Load_Numpy2ModuleNames_AreAccepted(string name)
    {
        var d = (PickleDict)Load(name)!;
        CollectionAssert.AreEqual(new[] { -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, 3.5f }, (float[])((NpyArray)d["f4"]!).Data);
        Assert.AreEqual(2.5, ((NpyArray)d["scalar_f8"]!).Item());
        CollectionAssert.AreEqual(Enumerable.Range(0, 6).Select(i => i / 8.0).ToArray(), (double[])((NpyArray)d["f8_fortran"]!).Data);
    }

    [TestMethod]
    public void Npy_ObjectArrayWithNumpy2Names_IsRead()
    {
        var d = (PickleDict)Npy.Read(NpzFixtures.Path("numpy2_object.npy")).Item()!;
        Assert.AreEqual(3, d.Count);
    }

    [TestMethod]
    [DataRow("evil_eval_p4.pkl", "builtins.eval")]
    [DataRow("evil_popen_p2.pkl", "commands.Popen")] // protocol 2 writes subprocess.Popen under its Python 2 name
    public void Load_MaliciousFixture_RefusesNamingTheGlobal(string name, string global)
    {
        var e = Assert.ThrowsExactly<UnsafePickleException>(() => Load(name));
        Assert.AreEqual(global, e.Global);
        StringAssert.Contains(e.Message, $"'{global}'");
        StringAssert.Contains(e.Message, name);
    }

    [TestMethod]
    [DataRow("os", "system")]
    [DataRow("posix", "system")]
    [DataRow("builtins", "eval")]
    [DataRow("builtins", "exec")]
    [DataRow("builtins", "getattr")]
    [DataRow("__builtin__", "eval")]
    [DataRow("subprocess", "Popen")]
    [DataRow("subprocess", "check_output")]
    [DataRow("numpy", "load")]
    [DataRow("numpy.core.multiarray", "_reconstructx")]
    [DataRow("numpy.testing._private.utils", "runstring")]
    [DataRow("copyreg", "_reconstructor")]
    public void Load_AnyOtherGlobal_IsRefusedEitherWay(string module, string name)
    {
        // GLOBAL (protocols 0-3) and STACK_GLOBAL (4-5) are both checked.
        var viaGlobal = new PickleBytes().Proto(2).Global(module, name).Stop();
        var e1 = Assert.ThrowsExactly<UnsafePickleException>(() => SafeUnpickler.Load(viaGlobal, "g.pkl"));
        Assert.AreEqual($"{module}.{name}", e1.Global);
        var viaStack = new PickleBytes().Proto(4).Unicode(module).Unicode(name).Op(0x93).Stop();
        var e2 = Assert.ThrowsExactly<UnsafePickleException>(() => SafeUnpickler.Load(viaStack, "s.pkl"));
        StringAssert.Contains(e2.Message, $"'{module}.{name}'");
    }

    [TestMethod]
    public void Load_InstOpcode_IsRefusedAsAGlobal()
    {
        var bytes = new PickleBytes().Op((byte)'(').Raw("ios\nsystem\n").Stop();
        var e = Assert.ThrowsExactly<UnsafePickleException>(() => SafeUnpickler.Load(bytes, "inst.pkl"));
        Assert.AreEqual("os.system", e.Global);
    }

    [TestMethod]
    [DataRow(0.25)]
    [DataRow(0.5)]
    [DataRow(0.99)]
    public void Load_TruncatedPickle_ThrowsDataFormatException(double keep)
    {
        var bytes = File.ReadAllBytes(NpzFixtures.Path("sample_p4.pkl"));
        var cut = bytes[..(int)(bytes.Length * keep)];
        var e = Assert.ThrowsExactly<DataFormatException>(() => SafeUnpickler.Load(cut, "cut.pkl"));
        StringAssert.Contains(e.Message, "cut.pkl");
    }

    [TestMethod]
    public void Load_HugeDeclaredLength_FailsBeforeAllocating()
    {
        var bytes = new PickleBytes().Proto(4).Op(0x8e).UInt64(1UL << 60).Stop(); // BINBYTES8 of an exabyte
        var e = Assert.ThrowsExactly<DataFormatException>(() => SafeUnpickler.Load(bytes, "huge.pkl"));
        StringAssert.Contains(e.Message, "BINBYTES8");
    }

    [TestMethod]
    public void Load_NestingBeyondMaxDepth_IsRefused()
    {
        var p = new PickleBytes().Proto(2);
        for (var i = 0; i < 300; i++) p.Op((byte)'(');
        var e = Assert.ThrowsExactly<DataFormatException>(() => SafeUnpickler.Load(p.Stop(), "deep.pkl"));
        StringAssert.Contains(e.Message, "MaxDepth");
    }

    [TestMethod]
    public void Load_MemoBeyondLimit_IsRefused()
    {
        var p = new PickleBytes().Proto(4).Op((byte)'N');
        for (var i = 0; i < 20; i++) p.Op(0x94);
        var e = Assert.ThrowsExactly<DataFormatException>(() =>
            SafeUnpickler.Load(p.Stop(), "memo.pkl", new UnpicklerLimits { MaxMemoEntries = 10 }));
        StringAssert.Contains(e.Message, "MaxMemoEntries");
    }

    [TestMethod]
    [DataRow(new byte[] { 0x80, 2, 0xff, (byte)'.' }, "unknown opcode")]
    [DataRow(new byte[] { 0x80, 2, (byte)'h', 5, (byte)'.' }, "no such memo entry")]
    [DataRow(new byte[] { 0x80, 2, (byte)'a', (byte)'.' }, "empty stack")]
    [DataRow(new byte[] { 0x80, 2, (byte)'e', (byte)'.' }, "without a MARK")]
    [DataRow(new byte[] { 0x80, 5, 0x97, (byte)'.' }, "out-of-band")]
    [DataRow(new byte[] { 0x80, 2, (byte)']', (byte)'N', (byte)'b', (byte)'.' }, "BUILD on list")]
    [DataRow(new byte[] { 0x80, 2, (byte)'}', (byte)']', (byte)'N', (byte)'s', (byte)'.' }, "unhashable")]
    [DataRow(new byte[] { 0x80, 9, (byte)'N', (byte)'.' }, "protocol 9")]
    public void Load_MalformedPickle_ThrowsNamingTheProblem(byte[] bytes, string expected)
    {
        var e = Assert.ThrowsExactly<DataFormatException>(() => SafeUnpickler.Load(bytes, "bad.pkl"));
        StringAssert.Contains(e.Message, expected);
        StringAssert.Contains(e.Message, "bad.pkl");
    }

    [TestMethod]
    public void Load_ArrayWhoseBufferDoesNotMatchItsShape_IsRefused()
    {
        // _frombuffer(b'\0\0\0\0', dtype('f4'), (2,), 'C'): two float32 need 8 bytes.
        var bytes = new PickleBytes().Proto(4)
            .Global("numpy.core.numeric", "_frombuffer").Op((byte)'(').ShortBytes(new byte[4])
            .Global("numpy", "dtype").Unicode("f4").Op(0x89).Op(0x88).Op(0x87).Op((byte)'R')
            .Op((byte)'K', 2).Op(0x85).Unicode("C").Op((byte)'t').Op((byte)'R').Stop();
        var e = Assert.ThrowsExactly<DataFormatException>(() => SafeUnpickler.Load(bytes, "short.pkl"));
        StringAssert.Contains(e.Message, "needs 8 bytes");
    }

    private static PickleBytes FromBuffer(byte[] raw, string dtype, params int[] shape)
    {
        var b = new PickleBytes().Proto(4)
            .Global("numpy.core.numeric", "_frombuffer").Op((byte)'(').ShortBytes(raw)
            .Global("numpy", "dtype").Unicode(dtype).Op(0x89).Op(0x88).Op(0x87).Op((byte)'R')
            .Op((byte)'(');
        foreach (var d in shape) b.Op((byte)'J', BitConverter.GetBytes(d));
        return b.Op((byte)'t').Unicode("C").Op((byte)'t').Op((byte)'R');
    }

    [TestMethod]
    public void Load_ShapeWhoseByteCountWrapsAroundToTheBufferLength_IsRefused()
    {
        // 27905 × 8681 × 49477 × 384773 = 2^62 + 1 elements; × 8 bytes wraps around 2^64 to exactly 8 bytes.
        var bytes = FromBuffer(new byte[8], "f8", 27905, 8681, 49477, 384773).Stop();
        var e = Assert.ThrowsExactly<DataFormatException>(() => SafeUnpickler.Load(bytes, "wrap.pkl"));
        StringAssert.Contains(e.Message, "wrap.pkl");
        StringAssert.Contains(e.Message, "the pickle holds 8");
    }

    [TestMethod]
    public void Load_ZeroWidthTextArrayWithElements_IsRefusedBeforeAllocating()
    {
        // No data bytes bound the element count of a zero-width type: 2·10^9 empty strings would need 16 GB.
        var bytes = FromBuffer([], "U0", 2_000_000_000).Stop();
        var e = Assert.ThrowsExactly<DataFormatException>(() => SafeUnpickler.Load(bytes, "u0.pkl"));
        StringAssert.Contains(e.Message, "zero-width");
    }

    [TestMethod]
    public void Load_ValidHandWrittenFrombuffer_BuildsTheArray()
    {
        var raw = new byte[8];
        BitConverter.TryWriteBytes(raw.AsSpan(0, 4), 1.5f);
        BitConverter.TryWriteBytes(raw.AsSpan(4, 4), -2f);
        var bytes = new PickleBytes().Proto(5)
            .Global("numpy._core.numeric", "_frombuffer").Op((byte)'(').ShortBytes(raw).Op(0x98)
            .Global("numpy", "dtype").Unicode("f4").Op(0x89).Op(0x88).Op(0x87).Op((byte)'R')
            .Op((byte)'K', 2).Op(0x85).Unicode("C").Op((byte)'t').Op((byte)'R').Stop();
        var a = (NpyArray)SafeUnpickler.Load(bytes, "ok.pkl")!;
        CollectionAssert.AreEqual(new[] { 1.5f, -2f }, (float[])a.Data);
    }

    /// <summary>Writes pickle opcodes by hand for the tests.</summary>
    private sealed class PickleBytes
    {
        private readonly List<byte> _bytes = [];

        public PickleBytes Op(byte op, params byte[] operand)
        {
            _bytes.Add(op);
            _bytes.AddRange(operand);
            return this;
        }

        public PickleBytes Proto(byte p) => Op(0x80, p);

        public PickleBytes Raw(string text)
        {
            _bytes.AddRange(Encoding.ASCII.GetBytes(text));
            return this;
        }

        public PickleBytes Global(string module, string name) => Op((byte)'c').Raw($"{module}\n{name}\n");

        public PickleBytes Unicode(string s)
        {
            var b = Encoding.UTF8.GetBytes(s);
            return Op(0x8c, (byte)b.Length).Op2(b);
        }

        public PickleBytes ShortBytes(byte[] b) => Op((byte)'C', (byte)b.Length).Op2(b);

        public PickleBytes UInt64(ulong v)
        {
            _bytes.AddRange(BitConverter.GetBytes(v));
            return this;
        }

        private PickleBytes Op2(byte[] b)
        {
            _bytes.AddRange(b);
            return this;
        }

        public byte[] Stop()
        {
            _bytes.Add((byte)'.');
            return _bytes.ToArray();
        }
    }
}
