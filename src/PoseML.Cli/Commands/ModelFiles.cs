using System.IO.Compression;
using Microsoft.ML;
using PoseML.Core;
using PoseML.Stages.GroupLifters;

namespace PoseML.Cli.Commands;

/// <summary>Model files of the commands: written with <c>mlContext.Model.Save</c> atomically (a temporary file
/// renamed into place, so Ctrl-C or a crash leaves no half-written model) and read with <c>mlContext.Model.Load</c>,
/// refusing models of PoseML's former own format (a zip with <c>manifest.json</c>) with a one-line error.</summary>
internal static class ModelFiles
{
    /// <summary>The one-line reason an old-format model is refused.</summary>
    internal const string OldFormat = "was saved by PoseML's own model format, which this version no longer reads; retrain it with `poseml train` (models are now ML.NET models, loaded with mlContext.Model.Load)";

    /// <summary>Saves <paramref name="model"/> for rows of <paramref name="inputSchema"/> to <paramref name="path"/>, atomically,
    /// with its group lifters' training history when it has one (<see cref="TrainingHistoryEntry"/>).</summary>
    public static void Save(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string path) =>
        AtomicFile.Write(path, stream => TrainingHistoryEntry.SaveModel(mlContext, model, inputSchema, stream));

    /// <summary>Loads an ML.NET model; a missing file, an old-format model or an unreadable zip is a one-line error naming the file.</summary>
    public static ITransformer Load(MLContext mlContext, string path, out DataViewSchema inputSchema)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "no such model file; expected a model saved by 'poseml train' (or mlContext.Model.Save)");
        if (IsOldFormat(path)) throw new DataFormatException(path, OldFormat);
        try
        {
            return mlContext.Model.Load(path, out inputSchema);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or InvalidOperationException or ArgumentException or EndOfStreamException)
        {
            throw new DataFormatException(path, $"is not a readable ML.NET model ({e.GetType().Name}: {FirstLine(e.Message)}); expected a model saved by 'poseml train'", inner: e);
        }
    }

    /// <summary>The ONNX graphs stored in a saved model: the bytes each <c>ApplyOnnxModel</c> part saved, with the zip
    /// entry they came from. ML.NET's OnnxTransformer saves its graph as a binary stream named <c>OnnxModel</c>
    /// (a 4-byte little-endian length, then the graph's bytes).</summary>
    public static IReadOnlyList<(string Entry, byte[] Onnx)> OnnxGraphs(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var graphs = new List<(string, byte[])>();
        foreach (var entry in zip.Entries.Where(e => e.Name == "OnnxModel").OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var length = bytes.Length >= 4 ? BitConverter.ToInt32(bytes, 0) : -1;
            if (length != bytes.Length - 4)
                throw new DataFormatException(path, $"zip entry '{entry.FullName}' is not an ONNX graph as ML.NET saves one (length prefix {length}, {bytes.Length - 4} bytes follow)");
            graphs.Add((entry.FullName, bytes[4..]));
        }
        return graphs;
    }

    private static bool IsOldFormat(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            return zip.GetEntry("manifest.json") is not null;
        }
        catch (InvalidDataException)
        {
            return false; // not a zip: Model.Load reports it
        }
    }

    private static string FirstLine(string s) => s.Split('\n', 2)[0].Trim();
}
