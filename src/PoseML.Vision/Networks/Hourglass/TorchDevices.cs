using PoseML.Core;
using static TorchSharp.torch;

namespace PoseML.Vision.Networks.Hourglass;

/// <summary>Parses the device option (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>) with a clear error when CUDA is asked for
/// but this libtorch has none.</summary>
public static class TorchDevices
{
    /// <summary>The device named <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOptionException">An unknown name, or CUDA without a CUDA build of libtorch and a GPU.</exception>
    public static Device Parse(string name)
    {
        var text = name?.Trim().ToLowerInvariant() ?? "";
        if (text == "cpu") return CPU;
        if (text == "cuda" || (text.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(5), out var index) && index >= 0))
        {
            if (!cuda.is_available())
                throw new InvalidOptionException("Device", $"'{name}' needs a CUDA build of libtorch (package libtorch-cuda-12.x-linux-x64 instead of libtorch-cpu-linux-x64) and a visible GPU; none is available");
            return new Device(text);
        }
        throw new InvalidOptionException("Device", $"must be cpu, cuda or cuda:N, got '{name}'");
    }
}
