using System.Text;
using PoseML.Build;

namespace PoseML.Vision.Tests.Build;

[TestClass]
public sealed class ElfWeakVersionTests
{
    /// <summary>A minimal 64-bit little-endian ELF image, laid out by hand from the gABI: header, a string table,
    /// a version-needs section with two needed files (libc.so.6: GLIBC_2.2.5; libstdc++.so.6: GLIBCXX_3.4, GLIBCXX_3.4.32)
    /// and three section headers (null, .dynstr, .gnu.version_r).</summary>
    private static (byte[] Elf, int FlagsOfNew) Synthetic(ushort flagsOfNew = 0)
    {
        var strings = Encoding.ASCII.GetBytes("\0libc.so.6\0GLIBC_2.2.5\0libstdc++.so.6\0GLIBCXX_3.4\0GLIBCXX_3.4.32\0");
        int Off(string s) => Encoding.ASCII.GetString(strings).IndexOf("\0" + s + "\0", StringComparison.Ordinal) + 1;
        const int strOffset = 64;
        var verOffset = strOffset + strings.Length;
        verOffset += (8 - verOffset % 8) % 8;
        // verneed 1 (16) + aux (16) ; verneed 2 (16) + aux (16) + aux (16) = 80 bytes
        var shoff = verOffset + 80;
        var elf = new byte[shoff + 3 * 64];
        void W16(int o, int v) { elf[o] = (byte)v; elf[o + 1] = (byte)(v >> 8); }
        void W32(int o, long v) { for (var k = 0; k < 4; k++) elf[o + k] = (byte)(v >> (8 * k)); }
        void W64(int o, long v) { for (var k = 0; k < 8; k++) elf[o + k] = (byte)(v >> (8 * k)); }
        elf[0] = 0x7f; elf[1] = (byte)'E'; elf[2] = (byte)'L'; elf[3] = (byte)'F'; elf[4] = 2; elf[5] = 1; elf[6] = 1;
        W16(0x10, 3); // ET_DYN
        W16(0x12, 62); // EM_X86_64
        W64(0x28, shoff);
        W16(0x34, 64);
        W16(0x3A, 64);
        W16(0x3C, 3);
        strings.CopyTo(elf, strOffset);
        var v = verOffset;
        // Elf64_Verneed libc.so.6, 1 aux at +16, next at +32
        W16(v, 1); W16(v + 2, 1); W32(v + 4, Off("libc.so.6")); W32(v + 8, 16); W32(v + 12, 32);
        W32(v + 16, 0x0d696915); W16(v + 20, 0); W16(v + 22, 2); W32(v + 24, Off("GLIBC_2.2.5")); W32(v + 28, 0);
        v += 32;
        W16(v, 1); W16(v + 2, 2); W32(v + 4, Off("libstdc++.so.6")); W32(v + 8, 16); W32(v + 12, 0);
        W32(v + 16, 0x08922974); W16(v + 20, 0); W16(v + 22, 3); W32(v + 24, Off("GLIBCXX_3.4")); W32(v + 28, 16);
        W32(v + 32, 0x08922972); W16(v + 36, flagsOfNew); W16(v + 38, 4); W32(v + 40, Off("GLIBCXX_3.4.32")); W32(v + 44, 0);
        // section 1: .dynstr (SHT_STRTAB)
        var h = shoff + 64;
        W32(h + 4, 3); W64(h + 0x18, strOffset); W64(h + 0x20, strings.Length);
        // section 2: .gnu.version_r, link 1, info 2
        h += 64;
        W32(h + 4, unchecked((int)0x6ffffffe)); W64(h + 0x18, verOffset); W64(h + 0x20, 80); W32(h + 0x28, 1); W32(h + 0x2C, 2);
        return (elf, v + 36);
    }

    [TestMethod]
    public void ReadsEveryRequirementOfTheHandBuiltImage()
    {
        var (elf, flagsOffset) = Synthetic();
        var r = ElfWeakVersion.Requirements(elf);
        CollectionAssert.AreEqual(new[] { "libc.so.6/GLIBC_2.2.5", "libstdc++.so.6/GLIBCXX_3.4", "libstdc++.so.6/GLIBCXX_3.4.32" },
            r.Select(x => x.File + "/" + x.Name).ToArray());
        Assert.IsTrue(r.All(x => !x.IsWeak));
        Assert.AreEqual(flagsOffset, r[2].FlagsOffset);
    }

    [TestMethod]
    public void MarksOnlyTheNamedRequirementWeakAndIsIdempotent()
    {
        var (elf, flagsOffset) = Synthetic();
        var dir = Directory.CreateTempSubdirectory("poseml-elf-");
        try
        {
            var path = Path.Combine(dir.FullName, "lib.so");
            File.WriteAllBytes(path, elf);
            Assert.AreEqual(ElfPatchResult.Patched, ElfWeakVersion.MarkWeak(path, "GLIBCXX_3.4.32"));
            var patched = File.ReadAllBytes(path);
            // exactly one byte changed: the low byte of vna_flags, 0 → VER_FLG_WEAK (2)
            var diffs = Enumerable.Range(0, elf.Length).Where(i => elf[i] != patched[i]).ToArray();
            CollectionAssert.AreEqual(new[] { flagsOffset }, diffs);
            Assert.AreEqual(2, patched[flagsOffset]);
            var stamp = File.GetLastWriteTimeUtc(path);
            Assert.AreEqual(ElfPatchResult.AlreadyWeak, ElfWeakVersion.MarkWeak(path, "GLIBCXX_3.4.32"));
            CollectionAssert.AreEqual(patched, File.ReadAllBytes(path));
            Assert.AreEqual(stamp, File.GetLastWriteTimeUtc(path));
            Assert.AreEqual(ElfPatchResult.NotRequired, ElfWeakVersion.MarkWeak(path, "GLIBCXX_9.9"));
            Assert.AreEqual(1, Directory.GetFiles(dir.FullName).Length, "no temporary file is left");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void KeepsOtherFlagBits()
    {
        var (elf, flagsOffset) = Synthetic(flagsOfNew: 0x1); // VER_FLG_BASE
        var dir = Directory.CreateTempSubdirectory("poseml-elf-");
        try
        {
            var path = Path.Combine(dir.FullName, "lib.so");
            File.WriteAllBytes(path, elf);
            ElfWeakVersion.MarkWeak(path, "GLIBCXX_3.4.32");
            Assert.AreEqual(3, File.ReadAllBytes(path)[flagsOffset]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void RejectsWhatIsNotA64BitElfFile()
    {
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => ElfWeakVersion.Requirements(new byte[100]));
        StringAssert.Contains(ex.Message, "not an ELF file");
        var (elf, _) = Synthetic();
        elf[4] = 1;
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ElfWeakVersion.Requirements(elf)).Message, "64-bit");
        var (truncated, _) = Synthetic();
        Assert.ThrowsExactly<InvalidDataException>(() => ElfWeakVersion.Requirements(truncated[..^10]));
    }

    [TestMethod]
    public void TheCopiedLibTorchSharpAsksForNoVersionTheSystemLacks()
    {
        // The build (build/LibTorchSharp.targets) patched the copy in this output folder when the system's libstdc++
        // lacks GLIBCXX_3.4.32; every strong libstdc++ requirement left must then be defined by the system library.
        var lib = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        Assert.IsTrue(File.Exists(lib), "libLibTorchSharp.so is copied into the test output");
        var system = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }.FirstOrDefault(File.Exists);
        if (system is null) Assert.Inconclusive("no system libstdc++.so.6 at the usual paths");
        var requirements = ElfWeakVersion.Requirements(File.ReadAllBytes(lib));
        Assert.IsTrue(requirements.Any(r => r.Name == "GLIBCXX_3.4.32"), "TorchSharp 0.107.0's library asks for GLIBCXX_3.4.32");
        foreach (var r in requirements.Where(r => r.File == "libstdc++.so.6" && !r.IsWeak))
            Assert.IsTrue(ElfWeakVersion.DefinesVersion(system, r.Name), $"{r.Name} is required strongly but {system} lacks it");
    }
}
