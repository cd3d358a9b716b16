using PoseML.Core;
using PoseML.Nn.Serialization;
using static TorchSharp.torch;

namespace PoseML.Vision.Networks.Hourglass;

/// <summary>Moves a <see cref="StackedHourglass"/>'s state dict to and from safetensors (PoseML's reader and writer,
/// PyTorch names; F32 parameters and running statistics, I64 <c>num_batches_tracked</c>), so weights travel between
/// TorchSharp and PyTorch.</summary>
public static class HourglassWeights
{
    /// <summary>The state dict as safetensors entries (copied to the CPU).</summary>
    public static Dictionary<string, SafeTensor> ToSafeTensors(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var result = new Dictionary<string, SafeTensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in module.state_dict())
        {
            using var cpu = tensor.detach().cpu().contiguous();
            var shape = cpu.shape.Select(d => checked((int)d)).ToArray();
            result[name] = cpu.dtype switch
            {
                ScalarType.Float32 => SafeTensor.Float32(cpu.data<float>().ToArray(), shape),
                ScalarType.Int64 => SafeTensor.Int64(cpu.data<long>().ToArray(), shape),
                _ => throw new InvalidOperationException($"state '{name}' has dtype {cpu.dtype}; only float32 and int64 are saved"),
            };
        }
        return result;
    }

    /// <summary>Copies safetensors entries into the module's state (same names and shapes, every entry, no extra);
    /// errors name <paramref name="source"/> and the entry.</summary>
    /// <exception cref="DataFormatException">An entry is missing, extra, or of the wrong shape or dtype.</exception>
    public static void Load(nn.Module module, IReadOnlyDictionary<string, SafeTensor> tensors, string source)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(tensors);
        var state = module.state_dict();
        foreach (var name in tensors.Keys)
        {
            if (!state.ContainsKey(name)) throw new DataFormatException(source, $"unexpected tensor '{name}' (this network has {state.Count} entries, e.g. '{state.Keys.First()}')", field: name);
        }
        using var noGrad = no_grad();
        foreach (var (name, target) in state)
        {
            if (!tensors.TryGetValue(name, out var t)) throw new DataFormatException(source, $"missing tensor '{name}'", field: name);
            var expected = target.shape;
            if (!t.Shape.Select(d => (long)d).SequenceEqual(expected))
                throw new DataFormatException(source, $"tensor '{name}' has shape [{string.Join(",", t.Shape)}], expected [{string.Join(",", expected)}]", field: name);
            using var value = target.dtype switch
            {
                ScalarType.Float32 when t.Floats is { } f => tensor(f, expected),
                ScalarType.Int64 when t.Integers is { } l => tensor(l, expected),
                ScalarType.Int64 when t.Floats is { } f => tensor(f.Select(v => (long)v).ToArray(), expected),
                _ => throw new DataFormatException(source, $"tensor '{name}' is {t.DType}, expected {(target.dtype == ScalarType.Int64 ? "I64" : "F32")}", field: name),
            };
            target.copy_(value);
        }
    }

    /// <summary>Writes the state dict (and optional metadata) to <paramref name="path"/> atomically.</summary>
    public static void Save(nn.Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var tensors = ToSafeTensors(module);
        AtomicFile.Write(path, stream => SafeTensorsFile.Write(stream, tensors, metadata));
    }

    /// <summary>Reads <paramref name="path"/> into the module's state; returns the file's metadata.</summary>
    /// <exception cref="DataFormatException">The file is malformed or does not fit the network.</exception>
    public static Dictionary<string, string> Load(nn.Module module, string path)
    {
        using var stream = File.OpenRead(path);
        var (tensors, metadata) = SafeTensorsFile.Read(stream, path);
        Load(module, tensors, path);
        return metadata;
    }
}
