using PoseML.Nn;
using PoseML.Nn.Serialization;

namespace PoseML.Tests.Nn.Networks;

/// <summary>Reads the fixtures written by <c>Fixtures/torch/make_fixtures.py</c>.</summary>
internal static class TorchFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch", name);

    public static Dictionary<string, SafeTensor> Read(string name)
    {
        using var stream = File.OpenRead(PathOf(name));
        return SafeTensorsFile.Read(stream, name).Tensors;
    }

    public static Tensor ToTensor(this SafeTensor t) => new(t.Floats!, t.Shape);

    /// <summary>Entries whose name starts with <paramref name="prefix"/>, with the prefix removed.</summary>
    public static Dictionary<string, SafeTensor> WithPrefix(this Dictionary<string, SafeTensor> all, string prefix)
        => all.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(p => p.Key[prefix.Length..], p => p.Value);
}
