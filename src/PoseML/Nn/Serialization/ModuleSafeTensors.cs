using PoseML.Core;
using PoseML.Nn.Modules;

namespace PoseML.Nn.Serialization;

/// <summary>Saves and loads a module's state dict as a safetensors file (PyTorch-compatible names;
/// F32 parameters and buffers, I64 <c>num_batches_tracked</c>).</summary>
public static class ModuleSafeTensors
{
    /// <summary>Writes the state dict (and optional string metadata) to <paramref name="path"/> atomically.</summary>
    public static void SaveSafeTensors(this Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        var state = module.StateDict();
        AtomicFile.Write(path, stream => SafeTensorsFile.Write(stream, state, metadata));
    }

    /// <summary>Loads the state dict from <paramref name="path"/> (see <see cref="Module.LoadStateDict"/> for
    /// <paramref name="strict"/>); errors name the file and the key. Returns the file's metadata.</summary>
    public static Dictionary<string, string> LoadSafeTensors(this Module module, string path, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var stream = File.OpenRead(path);
        var (tensors, metadata) = SafeTensorsFile.Read(stream, path);
        module.LoadStateDict(tensors, strict, path);
        return metadata;
    }
}
