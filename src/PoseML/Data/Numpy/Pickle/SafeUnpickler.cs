using System.Numerics;
using PoseML.Core;

namespace PoseML.Data.Numpy.Pickle;

/// <summary>A restricted unpickler for the pickles numpy writes: dicts, lists, tuples, strings, bytes,
/// ints, floats, bools, None, numpy arrays, dtypes and scalars, in pickle protocols 2 to 5 (numpy 1.x and
/// 2.x module names). It is a data parser: the only globals it accepts are the numpy array, dtype and scalar
/// constructors (plus <c>_codecs.encode</c>, which protocol 2 uses for bytes), each rebuilt here as data.
/// Any other global (<c>os.system</c>, <c>builtins.eval</c>, <c>subprocess.Popen</c>, …) raises
/// <see cref="UnsafePickleException"/> naming it; nothing from the file is ever imported or executed.
/// <para>Values come back as: None → null, bool, int → <see cref="long"/> (or <see cref="BigInteger"/>
/// beyond 64 bits), float → <see cref="double"/>, str → <see cref="string"/>, bytes/bytearray →
/// <c>byte[]</c>, list → <c>List&lt;object?&gt;</c>, tuple → <see cref="PickleTuple"/>, dict →
/// <see cref="PickleDict"/>, ndarray → <see cref="NpyArray"/>, numpy scalar → 0-d <see cref="NpyArray"/>,
/// dtype → <see cref="NpyDType"/>.</para></summary>
public static class SafeUnpickler
{
    /// <summary>Unpickles a file.</summary>
    /// <exception cref="DataFormatException">Missing, truncated or malformed pickle; names the file and byte offset.</exception>
    /// <exception cref="UnsafePickleException">The pickle names a global outside the numpy whitelist.</exception>
    public static object? Load(string path, UnpicklerLimits? limits = null)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "file not found");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Load(stream, path, limits);
    }

    /// <summary>Unpickles bytes held in memory; <paramref name="source"/> names them in errors.</summary>
    public static object? Load(byte[] pickle, string source, UnpicklerLimits? limits = null)
    {
        using var stream = new MemoryStream(pickle, writable: false);
        return Load(stream, source, limits);
    }

    /// <summary>Unpickles one value from <paramref name="stream"/>. <paramref name="length"/> bounds the bytes
    /// available when the stream cannot seek; declared sizes beyond it fail before allocation.</summary>
    public static object? Load(Stream stream, string source, UnpicklerLimits? limits = null, long? length = null)
    {
        limits ??= UnpicklerLimits.Default;
        var available = stream.CanSeek ? stream.Length - stream.Position : length;
        var input = new PickleInput(stream, available, limits.MaxBytes);
        var machine = new PickleMachine(input, source, limits);
        try
        {
            return machine.Run();
        }
        catch (Exception e) when (e is PickleFormatException or NpyDataException)
        {
            throw new DataFormatException(source, $"pickle byte {input.Position}: {e.Message}", field: "pickle");
        }
        catch (EndOfStreamException)
        {
            throw new DataFormatException(source, $"pickle truncated at byte {input.Position}: the data ends before STOP", field: "pickle");
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(source, $"pickle byte {input.Position}: corrupt compressed data ({e.Message})", field: "pickle", inner: e);
        }
    }

    /// <summary>A short description of an unpickled value for messages, e.g. <c>dict with 3 keys</c>,
    /// <c>ndarray(&lt;f4, shape=(2,3))</c>, <c>str 'Walking'</c>.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        long or BigInteger => $"int {value}",
        double d => $"float {d.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        string s => s.Length <= 40 ? $"str '{s}'" : $"str '{s[..40]}…'",
        byte[] b => $"bytes of length {b.Length}",
        List<object?> l => $"list of {l.Count} items",
        PickleTuple t => $"tuple of {t.Count} items",
        PickleDict d => $"dict with {d.Count} keys",
        NpyArray a => a.ToString(),
        NpyDType d => $"dtype('{d}')",
        _ => value.ToString() ?? value.GetType().Name,
    };
}
