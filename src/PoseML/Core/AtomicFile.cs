using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PoseML.Core;

/// <summary>Writes files atomically: the content goes to a temporary file in the same folder, which
/// replaces the target only once it is complete and flushed. A failure or cancellation part-way
/// leaves the previous file (or no file) in place, never a half-written one.</summary>
/// <remarks>The temporary file of <c>dir/name</c> is <c>dir/.name.&lt;pid&gt;.&lt;32 hex digits&gt;.tmp</c>.
/// A process killed outright (SIGKILL, power loss) cannot delete it, so every write first deletes the
/// temporary files of the same target whose process no longer runs.</remarks>
public static partial class AtomicFile
{
    private static readonly object PendingLock = new();
    private static readonly HashSet<string> Pending = new(StringComparer.Ordinal);
    private static bool _abandoned;

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/> atomically.</summary>
    /// <exception cref="PoseMLException">The folder of <paramref name="path"/> cannot be written; the message names
    /// <paramref name="path"/>, not the temporary file.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(dir, TemporaryName(Path.GetFileName(full)));
        try
        {
            Directory.CreateDirectory(dir);
            DeleteStaleTemporaryFiles(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(path, e, temp);
        }
        FileStream stream;
        lock (PendingLock)
        {
            if (_abandoned) throw new OperationCanceledException("the process is exiting; no more files are written");
            try
            {
                stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CannotWrite(path, e, temp);
            }
            Pending.Add(temp);
        }
        try
        {
            using (stream)
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            lock (PendingLock)
            {
                if (_abandoned) throw new OperationCanceledException("the process is exiting; no more files are written");
                File.Move(temp, full, overwrite: true);
                Pending.Remove(temp);
            }
        }
        catch (IOException e) when (e.Message.Contains(temp, StringComparison.Ordinal))
        {
            TryDelete(temp);
            throw CannotWrite(path, e, temp);
        }
        catch (UnauthorizedAccessException e) when (e.Message.Contains(temp, StringComparison.Ordinal))
        {
            TryDelete(temp);
            throw CannotWrite(path, e, temp);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes text atomically through a UTF-8 (no BOM) writer.</summary>
    public static void WriteText(string path, Action<TextWriter> write)
    {
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            write(writer);
            writer.Flush();
        });
    }

    /// <summary>Checks, before any long work, that <paramref name="path"/> can later be written by
    /// <see cref="Write"/>: it is not a folder and its folder (or the nearest existing folder above, when it is
    /// still to be created) accepts a new file. Nothing is left behind.</summary>
    /// <exception cref="PoseMLException">It cannot; the message names <paramref name="path"/>.</exception>
    public static void EnsureWritable(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new PoseMLException($"cannot write '{path}': it is a folder");
        var dir = Path.GetDirectoryName(full)!;
        while (!Directory.Exists(dir))
        {
            if (File.Exists(dir)) throw new PoseMLException($"cannot write '{path}': '{dir}' is a file, not a folder");
            dir = Path.GetDirectoryName(dir) ?? throw new PoseMLException($"cannot write '{path}': no existing folder above it");
        }
        if (File.Exists(full) && File.GetAttributes(full).HasFlag(FileAttributes.ReadOnly))
            throw new PoseMLException($"cannot write '{path}': the file is read-only");
        ProbeFolder(path, dir, Path.GetFileName(full));
    }

    /// <summary>Checks that files can be created in the folder <paramref name="directory"/> (or, when it does not
    /// exist yet, in the nearest existing folder above it). Nothing is left behind.</summary>
    /// <exception cref="PoseMLException">They cannot; the message names <paramref name="directory"/>.</exception>
    public static void EnsureWritableDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var dir = Path.GetFullPath(directory);
        if (File.Exists(dir)) throw new PoseMLException($"cannot write into '{directory}': it is a file, not a folder");
        while (!Directory.Exists(dir))
        {
            if (File.Exists(dir)) throw new PoseMLException($"cannot write into '{directory}': '{dir}' is a file, not a folder");
            dir = Path.GetDirectoryName(dir) ?? throw new PoseMLException($"cannot write into '{directory}': no existing folder above it");
        }
        ProbeFolder(directory, dir, "probe");
    }

    /// <summary>Deletes the temporary files of writes still in progress in this process and makes every later
    /// <see cref="Write"/> throw <see cref="OperationCanceledException"/>. For a process about to exit on Ctrl-C
    /// while a write may still be running on another thread: the target keeps its previous content (or stays
    /// absent), and no temporary file is left.</summary>
    public static void AbandonPendingWrites()
    {
        lock (PendingLock)
        {
            _abandoned = true;
            foreach (var temp in Pending) TryDelete(temp);
            Pending.Clear();
        }
    }

    /// <summary>Deletes the temporary files of <paramref name="path"/> left by processes that no longer run.</summary>
    internal static void DeleteStaleTemporaryFiles(string path)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        if (!Directory.Exists(dir)) return;
        foreach (var file in Directory.EnumerateFiles(dir, $".{name}.*.tmp"))
        {
            var rest = Path.GetFileName(file)[(name.Length + 2)..];
            var match = TemporarySuffix().Match(rest);
            if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (pid != Environment.ProcessId && !IsRunning(pid)) TryDelete(file);
        }
    }

    private static string TemporaryName(string fileName) => $".{fileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";

    [GeneratedRegex("^([0-9]+)\\.[0-9a-f]{32}\\.tmp$")]
    private static partial Regex TemporarySuffix();

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void ProbeFolder(string userPath, string dir, string fileName)
    {
        var probe = Path.Combine(dir, TemporaryName(fileName));
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(probe);
            throw CannotWrite(userPath, e, probe);
        }
    }

    private static PoseMLException CannotWrite(string path, Exception e, string temp)
    {
        var reason = e switch
        {
            UnauthorizedAccessException => "permission denied",
            DirectoryNotFoundException => "its folder does not exist",
            FileNotFoundException => $"the folder '{Path.GetDirectoryName(Path.GetFullPath(path))}' does not accept new files",
            _ => e.Message.Replace(temp, path, StringComparison.Ordinal),
        };
        return new PoseMLException($"cannot write '{path}': {reason}", e);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
