using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using PoseML.Core;

namespace PoseML.Stages.GroupLifters;

/// <summary>The training history of a model's group lifters kept inside its ML.NET model zip: a JSON entry
/// <see cref="EntryName"/> beside ML.NET's own entries, which <c>mlContext.Model.Load</c> does not read (a loaded
/// model keeps its weights, not its curve), so that reports can draw the curve of a saved model.</summary>
public static class TrainingHistoryEntry
{
    /// <summary>The zip entry holding the history.</summary>
    public const string EntryName = "PoseML/TrainingHistory.json";

    /// <summary>The per-epoch history of the first group-lifter stage of a fitted model; empty when it has none (a
    /// model without group lifters, or one loaded from a zip).</summary>
    public static IReadOnlyList<GroupLifterEpoch> Of(ITransformer model) => model switch
    {
        GroupLifterTransformer lifters => lifters.History,
        IEnumerable<ITransformer> chain => chain.Select(Of).FirstOrDefault(h => h.Count > 0) ?? [],
        _ => [],
    };

    /// <summary>Writes <paramref name="model"/> with <c>mlContext.Model.Save</c> to <paramref name="destination"/>, plus
    /// the <see cref="EntryName"/> entry when the model carries a history (<see cref="Of"/>).</summary>
    public static void SaveModel(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(destination);
        var history = Of(model);
        if (history.Count == 0)
        {
            mlContext.Model.Save(model, inputSchema, destination);
            return;
        }
        using var buffer = new MemoryStream();
        mlContext.Model.Save(model, inputSchema, buffer);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var entry = zip.CreateEntry(EntryName, CompressionLevel.Optimal).Open();
            Write(history, entry);
        }
        buffer.Position = 0;
        buffer.CopyTo(destination);
    }

    /// <summary>The history stored in the model zip at <paramref name="modelPath"/>; empty when it has none.</summary>
    /// <exception cref="DataFormatException">The file is not a zip, or the entry is not a history as written here.</exception>
    public static IReadOnlyList<GroupLifterEpoch> Read(string modelPath)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        try
        {
            using var zip = ZipFile.OpenRead(modelPath);
            if (zip.GetEntry(EntryName) is not { } entry) return [];
            using var stream = entry.Open();
            using var doc = JsonDocument.Parse(stream);
            return doc.RootElement.EnumerateArray().Select(e => new GroupLifterEpoch(
                e.GetProperty("epoch").GetInt32(), Number(e, "liftingLoss"), Number(e, "aggregationLoss"), Number(e, "validationMpjpe"), Number(e, "learningRate"))).ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new DataFormatException(modelPath, $"has an unreadable training history ('{EntryName}': {e.Message.Split('\n')[0]}); expected a model saved by PoseML", inner: e);
        }
    }

    private static double Number(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? double.NaN : e.GetProperty(name).GetDouble();

    private static void Write(IReadOnlyList<GroupLifterEpoch> history, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        foreach (var h in history)
        {
            json.WriteStartObject();
            json.WriteNumber("epoch", h.Epoch);
            foreach (var (name, value) in new[] { ("liftingLoss", h.LiftingLoss), ("aggregationLoss", h.AggregationLoss), ("validationMpjpe", h.ValidationMpjpe), ("learningRate", h.LearningRate) })
                if (double.IsFinite(value)) json.WriteNumber(name, value);
                else json.WriteNull(name);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
