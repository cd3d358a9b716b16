using System.IO.Compression;
using PoseML.Core;
using PoseML.Data.Numpy.Pickle;

namespace PoseML.Data.Numpy;

/// <summary>A numpy <c>.npz</c> archive (from <c>np.savez</c> or <c>np.savez_compressed</c>): a zip of
/// <c>.npy</c> entries, stored or deflated. Entries are read straight from the zip stream, never
/// extracted to disk. Dispose to close the file.</summary>
public sealed class NpzFile : IDisposable
{
    // Deflate cannot expand data by more than about 1032:1; a larger declared ratio is a lie.
    private const long MaxDeflateRatio = 1100;
    private readonly ZipArchive _zip;
    private readonly NpyReadOptions _options;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;

    private NpzFile(string path, ZipArchive zip, NpyReadOptions options)
    {
        Path = path;
        _zip = zip;
        _options = options;
        _entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            if (entry.FullName.EndsWith('/')) continue; // a directory record
            var name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
            _entries.TryAdd(name, entry);
        }
        Names = _entries.Keys.ToArray();
    }

    /// <summary>The archive's path.</summary>
    public string Path { get; }

    /// <summary>The array names (entry names without <c>.npy</c>), in archive order, like numpy's <c>NpzFile.files</c>.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Opens an archive; entries are read on demand.</summary>
    /// <exception cref="DataFormatException">Missing file, or not a readable zip archive.</exception>
    public static NpzFile Open(string path, NpyReadOptions? options = null)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "file not found");
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return new NpzFile(path, new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false), options ?? NpyReadOptions.Default);
        }
        catch (InvalidDataException e)
        {
            stream.Dispose();
            throw new DataFormatException(path, $"not a readable .npz (zip) archive: {e.Message}", inner: e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>True when the archive has an array called <paramref name="name"/>.</summary>
    public bool Contains(string name) => _entries.ContainsKey(name);

    /// <summary>Reads the array called <paramref name="name"/> (with or without <c>.npy</c>).</summary>
    /// <exception cref="DataFormatException">No such entry, or a broken entry; names the archive and entry.</exception>
    /// <exception cref="UnsafePickleException">An object array's pickle names a global outside the numpy whitelist.</exception>
    public NpyArray Read(string name)
    {
        var key = name.EndsWith(".npy", StringComparison.Ordinal) && !_entries.ContainsKey(name) ? name[..^4] : name;
        if (!_entries.TryGetValue(key, out var entry))
            throw new DataFormatException(Path, $"no array '{name}' in the archive; it holds {(Names.Count == 0 ? "no arrays" : string.Join(", ", Names))}", field: name);
        var source = $"{Path}[{entry.FullName}]";
        if (entry.Length > entry.CompressedLength * MaxDeflateRatio + 4096)
            throw new DataFormatException(source, $"entry declares {entry.Length} bytes from {entry.CompressedLength} compressed bytes, beyond what deflate can produce", field: "size");
        try
        {
            using var stream = entry.Open();
            return Npy.Read(stream, source, _options, entry.Length);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(source, $"corrupt zip entry: {e.Message}", inner: e);
        }
    }

    /// <summary>Reads every array, by name, in archive order.</summary>
    public IReadOnlyDictionary<string, NpyArray> ReadAll() => Names.ToDictionary(n => n, Read, StringComparer.Ordinal);

    /// <summary>Closes the archive.</summary>
    public void Dispose() => _zip.Dispose();
}
