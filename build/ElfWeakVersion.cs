// Marks one symbol-version requirement of an ELF shared library weak, so that the dynamic loader accepts the
// library on a system whose library lacks that version. Compiled twice: by MSBuild's RoslynCodeTaskFactory as the
// task of build/LibTorchSharp.targets, and into tests/PoseML.Vision.Tests (with POSEML_ELF_NO_TASK defined) for
// its unit tests. Plain C# against .NET Standard 2.0 (what the task factory compiles with) and MSBuild's task API.
#nullable enable
using System;
using System.IO;
using System.Text;

namespace PoseML.Build
{
    /// <summary>The outcome of <see cref="ElfWeakVersion.MarkWeak(string, string)"/>.</summary>
    public enum ElfPatchResult
    {
        /// <summary>The requirement was strong and is now weak (the file was rewritten).</summary>
        Patched,

        /// <summary>The requirement was already weak (the file is untouched).</summary>
        AlreadyWeak,

        /// <summary>The library has no requirement of that name (the file is untouched).</summary>
        NotRequired,
    }

    /// <summary>Reads and edits the version-needs section (<c>.gnu.version_r</c>, type <c>SHT_GNU_verneed</c>)
    /// of 64-bit little-endian ELF files.</summary>
    /// <remarks>
    /// Layout (System V gABI, GNU symbol versioning): the section holds <c>sh_info</c> <c>Elf64_Verneed</c> records
    /// (vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32), each followed through vn_aux / vna_next
    /// by vn_cnt <c>Elf64_Vernaux</c> records (vna_hash u32, vna_flags u16, vna_other u16, vna_name u32,
    /// vna_next u32); names are offsets into the string section <c>sh_link</c>. glibc's loader skips a missing
    /// version whose vna_flags has <see cref="VerFlagWeak"/> instead of refusing the library.
    /// </remarks>
    public static class ElfWeakVersion
    {
        /// <summary><c>VER_FLG_WEAK</c>.</summary>
        public const ushort VerFlagWeak = 0x2;

        private const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>One version requirement: the library it is asked of, its name, its flags and the file offset of its flags.</summary>
        public readonly struct Requirement
        {
            /// <summary>Creates a requirement.</summary>
            public Requirement(string file, string name, ushort flags, long flagsOffset)
            {
                File = file;
                Name = name;
                Flags = flags;
                FlagsOffset = flagsOffset;
            }

            /// <summary>The needed library (e.g. <c>libstdc++.so.6</c>).</summary>
            public string File { get; }

            /// <summary>The version name (e.g. <c>GLIBCXX_3.4.32</c>).</summary>
            public string Name { get; }

            /// <summary>vna_flags.</summary>
            public ushort Flags { get; }

            /// <summary>Offset of vna_flags in the file.</summary>
            public long FlagsOffset { get; }

            /// <summary>Whether the requirement is weak.</summary>
            public bool IsWeak => (Flags & VerFlagWeak) != 0;
        }

        /// <summary>Every version requirement of the ELF image <paramref name="elf"/>.</summary>
        /// <exception cref="InvalidDataException">The image is not a 64-bit little-endian ELF file or its version section is malformed.</exception>
        public static Requirement[] Requirements(byte[] elf)
        {
            if (elf == null) throw new ArgumentNullException(nameof(elf));
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file (bad magic)");
            if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("only 64-bit little-endian ELF files are supported (EI_CLASS " + elf[4] + ", EI_DATA " + elf[5] + ")");
            var shoff = U64(elf, 0x28);
            int shentsize = U16(elf, 0x3A), shnum = U16(elf, 0x3C);
            if (shoff == 0 || shnum == 0) throw new InvalidDataException("the ELF file has no section headers");
            if (shentsize < 64) throw new InvalidDataException("ELF section header entries of " + shentsize + " bytes, expected 64");
            Check(elf, shoff, (long)shentsize * shnum, "section header table");
            var list = new System.Collections.Generic.List<Requirement>();
            for (var s = 0; s < shnum; s++)
            {
                var h = shoff + (long)s * shentsize;
                if (U32(elf, h + 4) != ShtGnuVerneed) continue;
                var offset = U64(elf, h + 0x18);
                var size = U64(elf, h + 0x20);
                var link = U32(elf, h + 0x28);
                var count = U32(elf, h + 0x2C);
                Check(elf, offset, size, ".gnu.version_r");
                if (link >= shnum) throw new InvalidDataException(".gnu.version_r links to section " + link + " of " + shnum);
                var strh = shoff + (long)link * shentsize;
                var strOffset = U64(elf, strh + 0x18);
                var strSize = U64(elf, strh + 0x20);
                Check(elf, strOffset, strSize, "version string table");
                var need = offset;
                for (var n = 0; n < count; n++)
                {
                    Check(elf, need, 16, "Elf64_Verneed");
                    int cnt = U16(elf, need + 2);
                    var file = Str(elf, strOffset, strSize, U32(elf, need + 4));
                    var aux = need + U32(elf, need + 8);
                    for (var a = 0; a < cnt; a++)
                    {
                        if (aux < offset || aux + 16 > offset + size) throw new InvalidDataException("Elf64_Vernaux record outside .gnu.version_r");
                        list.Add(new Requirement(file, Str(elf, strOffset, strSize, U32(elf, aux + 8)), U16(elf, aux + 4), aux + 4));
                        var nextAux = U32(elf, aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    var next = U32(elf, need + 12);
                    if (next == 0) break;
                    need += next;
                    if (need < offset || need >= offset + size) throw new InvalidDataException("Elf64_Verneed record outside .gnu.version_r");
                }
            }
            return list.ToArray();
        }

        /// <summary>Sets <see cref="VerFlagWeak"/> on the requirement named <paramref name="version"/> of
        /// <paramref name="path"/> in place, writing a temporary file in the same folder and renaming it over the original
        /// (so a hard link into a package cache is never modified, and a failure leaves the original). Idempotent.</summary>
        /// <exception cref="InvalidDataException">The file is not a readable 64-bit little-endian ELF file.</exception>
        public static ElfPatchResult MarkWeak(string path, string version)
        {
            var elf = File.ReadAllBytes(path);
            var found = false;
            var changed = false;
            foreach (var r in Requirements(elf))
            {
                if (r.Name != version) continue;
                found = true;
                if (r.IsWeak) continue;
                var flags = (ushort)(r.Flags | VerFlagWeak);
                elf[r.FlagsOffset] = (byte)flags;
                elf[r.FlagsOffset + 1] = (byte)(flags >> 8);
                changed = true;
            }
            if (!found) return ElfPatchResult.NotRequired;
            if (!changed) return ElfPatchResult.AlreadyWeak;
            var full = Path.GetFullPath(path);
            var temp = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                File.Copy(full, temp); // keeps the file's permissions
                using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Write))
                {
                    stream.Write(elf, 0, elf.Length);
                    stream.SetLength(elf.Length);
                    stream.Flush(true);
                }
                File.Replace(temp, full, null); // rename(2) on Unix: atomic, and a hard link's other names keep the old content
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            return ElfPatchResult.Patched;
        }

        /// <summary>Whether the ELF library <paramref name="path"/> defines symbol version <paramref name="version"/>
        /// (its <c>.gnu.version_d</c> names it; checked as a name in its dynamic strings, which is what the loader matches).</summary>
        public static bool DefinesVersion(string path, string version)
        {
            var bytes = File.ReadAllBytes(path);
            var pattern = Encoding.ASCII.GetBytes(version + "\0");
            for (var i = 1; i + pattern.Length <= bytes.Length; i++)
            {
                if (bytes[i - 1] != 0) continue; // names start after a NUL in a string table
                var match = true;
                for (var k = 0; k < pattern.Length && match; k++) match = bytes[i + k] == pattern[k];
                if (match) return true;
            }
            return false;
        }

        private static void Check(byte[] elf, long offset, long size, string what)
        {
            if (offset < 0 || size < 0 || offset + size > elf.Length)
                throw new InvalidDataException(what + " at " + offset + " (+" + size + ") lies outside the " + elf.Length + "-byte file");
        }

        private static string Str(byte[] elf, long table, long size, long offset)
        {
            if (offset >= size) throw new InvalidDataException("string offset " + offset + " outside the " + size + "-byte string table");
            var start = table + offset;
            var end = start;
            while (end < table + size && elf[end] != 0) end++;
            return Encoding.ASCII.GetString(elf, (int)start, (int)(end - start));
        }

        private static ushort U16(byte[] b, long o) => (ushort)(b[o] | b[o + 1] << 8);

        private static uint U32(byte[] b, long o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);

        private static long U64(byte[] b, long o)
        {
            var v = (ulong)U32(b, o) | (ulong)U32(b, o + 4) << 32;
            if (v > long.MaxValue) throw new InvalidDataException("ELF offset out of range");
            return (long)v;
        }
    }

#if !POSEML_ELF_NO_TASK
    /// <summary>MSBuild task: marks <see cref="Version"/> weak in <see cref="Library"/> when none of
    /// <see cref="SystemLibraries"/> that exists defines it.</summary>
    public sealed class MarkElfVersionWeak : Microsoft.Build.Utilities.Task
    {
        /// <summary>The copied library to patch.</summary>
        [Microsoft.Build.Framework.Required]
        public string Library { get; set; } = "";

        /// <summary>The version requirement (e.g. GLIBCXX_3.4.32).</summary>
        [Microsoft.Build.Framework.Required]
        public string Version { get; set; } = "";

        /// <summary>Candidate paths of the system library that would satisfy it (first existing one is checked).</summary>
        public string SystemLibraries { get; set; } = "";

        /// <inheritdoc />
        public override bool Execute()
        {
            foreach (var candidate in SystemLibraries.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (!File.Exists(candidate)) continue;
                if (ElfWeakVersion.DefinesVersion(candidate, Version))
                {
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, candidate + " defines " + Version + "; " + Library + " left as it is");
                    return true;
                }
                break;
            }
            try
            {
                var result = ElfWeakVersion.MarkWeak(Library, Version);
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, Library + ": " + Version + " " + result);
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Log.LogError(Library + ": cannot mark " + Version + " weak: " + e.Message);
                return false;
            }
        }
    }
#endif
}
