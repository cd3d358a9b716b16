using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace PoseML.Tests.Pipeline;

/// <summary>Transitional: only <see cref="PoisonTensor(byte[], int, string?, float, out string)"/> is left, for the
/// dialect CLI's TrainPredictCommandTests on this branch. The ML.NET CLI tests no longer use it; delete this file
/// together with the dialect (its model tests were dropped: ML.NET models are saved by <c>mlContext.Model.Save</c>).</summary>
internal static class ModelStoreTests
{
    /// <summary>Replaces element 0 of <paramref name="tensor"/> in stage <paramref name="stage"/> with <paramref name="value"/>,
    /// keeping the manifest's size and hash consistent (as a model that diverged in training would be).</summary>
    internal static byte[] PoisonTensor(byte[] model, int stage, string tensor, float value) => PoisonTensor(model, stage, tensor, value, out _);

    /// <summary>As above; a null <paramref name="tensor"/> takes the stage's first weight tensor (named in <paramref name="poisoned"/>).</summary>
    internal static byte[] PoisonTensor(byte[] model, int stage, string? tensor, float value, out string poisoned)
    {
        using var input = new ZipArchive(new MemoryStream(model), ZipArchiveMode.Read);
        var manifest = JsonNode.Parse(input.GetEntry("manifest.json")!.Open())!.AsObject();
        var node = manifest["stages"]![stage]!;
        var file = node["tensorFile"]!.GetValue<string>();
        Dictionary<string, PoseML.Nn.Serialization.SafeTensor> tensors;
        using (var s = input.GetEntry(file)!.Open())
        {
            var copy = new MemoryStream();
            s.CopyTo(copy);
            copy.Position = 0;
            (tensors, _) = PoseML.Nn.Serialization.SafeTensorsFile.Read(copy, file);
        }
        poisoned = tensor ?? tensors.Keys.Where(k => k.EndsWith("weight", StringComparison.Ordinal) && tensors[k].Floats is not null).Order(StringComparer.Ordinal).First();
        tensors[poisoned].Floats![0] = value;
        var rewritten = new MemoryStream();
        PoseML.Nn.Serialization.SafeTensorsFile.Write(rewritten, tensors);
        var bytes = rewritten.ToArray();
        return Rewrite(model, m =>
        {
            m["stages"]![stage]!["tensorFileBytes"] = bytes.LongLength;
            m["stages"]![stage]!["tensorFileSha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        }, replace: (file, bytes));
    }

    private static byte[] Rewrite(byte[] model, Action<JsonObject>? edit = null, (string Name, byte[] Bytes)? replace = null, params (string Name, byte[] Bytes)[] extra)
    {
        using var input = new ZipArchive(new MemoryStream(model), ZipArchiveMode.Read);
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                using var s = entry.Open();
                var bytes = new MemoryStream();
                s.CopyTo(bytes);
                var content = bytes.ToArray();
                if (entry.FullName == "manifest.json" && edit is not null)
                {
                    var manifest = JsonNode.Parse(content)!.AsObject();
                    edit(manifest);
                    content = Encoding.UTF8.GetBytes(manifest.ToJsonString());
                }
                if (replace is { } r && entry.FullName == r.Name) content = r.Bytes;
                using var w = zip.CreateEntry(entry.FullName).Open();
                w.Write(content);
            }
            foreach (var (name, bytes) in extra)
            {
                using var w = zip.CreateEntry(name).Open();
                w.Write(bytes);
            }
        }
        return output.ToArray();
    }
}
